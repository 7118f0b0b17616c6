using System.Net;
using Certsmith.Core.Names;
using Microsoft.Extensions.Options;

namespace Certsmith.Edge;

/// <summary>Checks <see cref="EdgeOptions"/> and reports every error at once (like YARP's ConfigValidator).</summary>
internal static class EdgeOptionsValidator
{
    private const int MaxPort = IPEndPoint.MaxPort;

    public static IReadOnlyList<string> Validate(EdgeOptions options)
    {
        var errors = new List<string>();
        if (options.BindAddress is null)
        {
            errors.Add("BindAddress is required.");
        }
        CheckPort(errors, nameof(EdgeOptions.HttpPort), options.HttpPort);
        CheckPort(errors, nameof(EdgeOptions.HttpsPort), options.HttpsPort);
        if (options.HttpPort != 0 && options.HttpPort == options.HttpsPort)
        {
            errors.Add($"HttpPort and HttpsPort are both {options.HttpPort}; they must differ.");
        }
        if (!Enum.IsDefined(options.UnknownNameMode))
        {
            errors.Add($"UnknownNameMode {(int)options.UnknownNameMode} is not one of {string.Join(", ", Enum.GetNames<UnknownNameMode>())}.");
        }
        if (!DnsName.TryParse(options.DefaultCertificateName, out _, out var nameError))
        {
            errors.Add($"DefaultCertificateName \"{options.DefaultCertificateName}\" is not a host name: {nameError}.");
        }
        CheckPositive(errors, nameof(EdgeOptions.PollInterval), options.PollInterval);
        CheckPositive(errors, nameof(EdgeOptions.MaxSnapshotAge), options.MaxSnapshotAge);
        CheckPositive(errors, nameof(EdgeOptions.HandshakeTimeout), options.HandshakeTimeout);
        CheckPositive(errors, nameof(EdgeOptions.BackendConnectTimeout), options.BackendConnectTimeout);
        return errors;
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every error, if any.</summary>
    public static void ThrowIfInvalid(EdgeOptions options)
    {
        var errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(nameof(EdgeOptions), typeof(EdgeOptions), errors);
        }
    }

    private static void CheckPort(List<string> errors, string name, int port)
    {
        if (port is < 0 or > MaxPort)
        {
            errors.Add($"{name} is {port}; it must be 0 (chosen at run time) to {MaxPort}.");
        }
    }

    private static void CheckPositive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{name} is {value}; it must be positive.");
        }
    }
}
