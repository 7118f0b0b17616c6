using System.Security.Cryptography;

namespace Certsmith.Core.Security;

/// <summary>
/// The master key file: 32 random bytes, base64, readable by its owner only. Generated on first start.
/// Losing it makes every stored private key unrecoverable (certificates are then re-issued; the ACME
/// account is re-registered) — back it up apart from the data directory.
/// </summary>
public static class MasterKeyFile
{
    /// <summary>Reads the key, or creates the file (mode 0600, folder 0700) when it does not exist.</summary>
    public static byte[] LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (File.Exists(path))
        {
            return Read(path);
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var key = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        try
        {
            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.WriteLine(Convert.ToBase64String(key));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs.
            return Read(path);
        }
        return key;
    }

    private static byte[] Read(string path)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new InvalidOperationException($"The master key file {path} is readable by others; make it readable by its owner only (chmod 600).");
        }
        byte[] key;
        try
        {
            key = Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"The master key file {path} is not base64.", e);
        }
        return key.Length == 32 ? key : throw new InvalidOperationException($"The master key in {path} is {key.Length} bytes; it must be 32.");
    }
}
