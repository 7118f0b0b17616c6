namespace Certsmith.Host;

/// <summary>A secret written once for its owner: the folder made 0700 when missing, the file created 0600.</summary>
internal static class SecretFile
{
    public static async Task WriteAsync(string path, string secret, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        await using (var stream = new FileStream(path, options))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteLineAsync(secret.AsMemory(), cancellationToken).ConfigureAwait(false);
        }
        // An existing file keeps its mode on FileMode.Create: set it again.
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
