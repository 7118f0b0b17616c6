namespace Certsmith.Acme;

/// <summary>Temporary.</summary>
public static class Placeholder
{
}
