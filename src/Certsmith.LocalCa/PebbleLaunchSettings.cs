using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Certsmith.LocalCa;

/// <summary>Turns <see cref="PebbleOptions"/> into Pebble 2.4.0's JSON config file and environment.</summary>
internal static class PebbleLaunchSettings
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes the config; Go's JSON decoding matches these keys case-insensitively.</summary>
    public static void WriteConfig(
        string path,
        PebbleOptions options,
        int acmePort,
        int managementPort,
        ListenerCertificates certificates)
    {
        var pebble = new JsonObject
        {
            ["listenAddress"] = $"127.0.0.1:{acmePort}",
            ["managementListenAddress"] = $"127.0.0.1:{managementPort}",
            ["certificate"] = certificates.CertificatePath,
            ["privateKey"] = certificates.PrivateKeyPath,
            ["httpPort"] = options.HttpPort,
            ["tlsPort"] = options.TlsPort,
            ["ocspResponderURL"] = string.Empty,
            ["externalAccountBindingRequired"] = options.ExternalAccountMacKeys is not null,
        };
        if (options.ExternalAccountMacKeys is { } keys)
        {
            var macKeys = new JsonObject();
            foreach (var (kid, key) in keys)
            {
                macKeys[kid] = key;
            }

            pebble["externalAccountMACKeys"] = macKeys;
        }

        if (options.CertificateValidityPeriod is { } validity)
        {
            pebble["certificateValidityPeriod"] = (long)validity.TotalSeconds;
        }

        var root = new JsonObject { ["pebble"] = pebble };
        File.WriteAllText(path, root.ToJsonString(Indented));
    }

    public static Dictionary<string, string> Environment(PebbleOptions options)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PEBBLE_WFE_NONCEREJECT"] = Format(options.NonceRejectPercent),
        };
        if (options.VaNoSleep)
        {
            environment["PEBBLE_VA_NOSLEEP"] = "1";
        }

        if (options.AuthzReusePercent is { } reuse)
        {
            environment["PEBBLE_AUTHZREUSE"] = Format(reuse);
        }

        if (options.AlternateRoots is { } roots)
        {
            environment["PEBBLE_ALTERNATE_ROOTS"] = Format(roots);
        }

        if (options.ChainLength is { } length)
        {
            environment["PEBBLE_CHAIN_LENGTH"] = Format(length);
        }

        return environment;
    }

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
