namespace Certsmith.Testing;

internal static class Placeholder
{
}
