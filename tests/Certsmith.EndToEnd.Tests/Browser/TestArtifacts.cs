namespace Certsmith.EndToEnd.Tests.Browser;

/// <summary>
/// Where tests leave files for a person to look at after the run (screenshots of every page): <c>$CERTSMITH_TEST_ARTIFACTS</c>
/// when set, else <c>artifacts/</c> at the repository's root (git ignores it). Kept after the run, replaced by the next.
/// </summary>
public static class TestArtifacts
{
    /// <summary>Names the artifacts folder instead of <c>&lt;repo&gt;/artifacts</c>.</summary>
    public const string DirectoryVariable = "CERTSMITH_TEST_ARTIFACTS";

    /// <summary>The file that marks the repository's root.</summary>
    private const string RepositoryMarker = "Certsmith.slnx";

    /// <summary>The artifacts folder (not created until something is written).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary><c>screenshots/</c> in <see cref="Root"/>, created when first asked for.</summary>
    public static string ScreenshotsDirectory => Directory.CreateDirectory(Path.Combine(Root, "screenshots")).FullName;

    /// <summary>A test's name for a file, made safe: anything but letters, digits, '.', '-' and '_' becomes '_'.</summary>
    internal static string FileName(string name) =>
        string.Create(name.Length, name, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_';
            }
        });

    private static string FindRoot()
    {
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        // The test assembly runs from <repo>/tests/<project>/bin/<configuration>/<framework>/.
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, RepositoryMarker)))
            {
                return Path.Combine(directory.FullName, "artifacts");
            }
        }

        // Run from a copied output folder: keep the files rather than fail the test over where they go.
        return Path.Combine(Path.GetTempPath(), "certsmith-artifacts");
    }
}
