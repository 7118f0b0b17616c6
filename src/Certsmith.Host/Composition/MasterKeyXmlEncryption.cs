using System.Text;
using System.Xml.Linq;
using Certsmith.Core.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Certsmith.Host.Composition;

/// <summary>
/// The panel's key ring (ASP.NET Core Data Protection: it signs session cookies and antiforgery tokens) kept in the
/// data directory, each key encrypted with the platform's master key like every private key (<see cref="IKeyProtector"/>).
/// So sessions survive a restart, the data directory alone forges no session, and nothing is written to the user's
/// home (the framework's default: unencrypted, under ~/.aspnet).
/// </summary>
internal static class MasterKeyXmlEncryption
{
    private const string ApplicationName = "Certsmith";

    public static IServiceCollection AddCertsmithDataProtection(this IServiceCollection services, string directory, IKeyProtector keys)
    {
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToFileSystem(new DirectoryInfo(directory));
        services.Configure<KeyManagementOptions>(options => options.XmlEncryptor = new Encryptor(keys));
        return services;
    }

    /// <summary>Wraps a key's secret element: its XML, encrypted (authenticated) under the master key.</summary>
    internal sealed class Encryptor(IKeyProtector keys) : IXmlEncryptor
    {
        public EncryptedXmlInfo Encrypt(XElement plaintextElement)
        {
            ArgumentNullException.ThrowIfNull(plaintextElement);
            var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
            var sealedBytes = keys.Protect(plain, KeyPurposes.PanelKeyRing);
            var element = new XElement("certsmithEncrypted",
                new XComment(" Encrypted with the platform's master key (Certsmith:MasterKeyFile). "),
                new XElement("value", Convert.ToBase64String(sealedBytes)));
            return new EncryptedXmlInfo(element, typeof(Decryptor));
        }
    }

    /// <summary>Created by the key manager by type name, with the service provider (hence the constructor).</summary>
    internal sealed class Decryptor(IServiceProvider services) : IXmlDecryptor
    {
        public XElement Decrypt(XElement encryptedElement)
        {
            ArgumentNullException.ThrowIfNull(encryptedElement);
            var keys = services.GetRequiredService<IKeyProtector>();
            var sealedBytes = Convert.FromBase64String(encryptedElement.Element("value")?.Value ?? "");
            return XElement.Parse(Encoding.UTF8.GetString(keys.Unprotect(sealedBytes, KeyPurposes.PanelKeyRing)));
        }
    }
}
