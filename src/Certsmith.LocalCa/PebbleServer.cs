using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Certsmith.LocalCa;

/// <summary>
/// A running Pebble (and, unless <see cref="PebbleOptions.DnsServer"/> is set, its own
/// <c>pebble-challtestsrv</c> as DNS server), bound to 127.0.0.1 on ports chosen at run time.
/// Pebble forgets everything when it stops; each instance has new roots. Thread-safe.
/// </summary>
public sealed partial class PebbleServer : IAsyncDisposable
{
    /// <summary>Attempts with fresh ports when another process took one between picking and binding.</summary>
    private const int MaxStartAttempts = 3;

    private const string PebbleExecutable = "pebble";
    private const string ChallengeServerExecutable = "pebble-challtestsrv";

    /// <summary>Both servers start in well under a second; 20 s absorbs a loaded CI machine.</summary>
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly DirectoryInfo _workDirectory;
    private readonly ListenerCertificates _certificates;
    private readonly ProcessLog _log;
    private readonly ChildProcess _pebble;
    private readonly ChildProcess? _challengeServer;
    private readonly HttpClient _pebbleClient;
    private readonly HttpClient? _challengeClient;
    private int _disposed;

    private PebbleServer(Launch launch, PebbleOptions options)
    {
        _workDirectory = launch.WorkDirectory;
        _certificates = launch.Certificates;
        _log = launch.Log;
        _pebble = launch.Pebble!;
        _challengeServer = launch.ChallengeServer;
        _pebbleClient = launch.PebbleClient;
        _challengeClient = launch.ChallengeClient;
        Options = options;
        DirectoryUri = launch.DirectoryUri;
        ManagementUri = launch.ManagementUri;
        ChallengeServerManagementUri = launch.ChallengeServerManagementUri;
        DnsServer = launch.DnsServer;
    }

    /// <summary>The options it was started with.</summary>
    public PebbleOptions Options { get; }

    /// <summary>The ACME directory, <c>https://127.0.0.1:port/dir</c> (RFC 8555 §7.1.1).</summary>
    public Uri DirectoryUri { get; }

    /// <summary>Pebble's management interface (roots, intermediates), same TLS certificate as the ACME listener.</summary>
    public Uri ManagementUri { get; }

    /// <summary>The challenge test server's plain-HTTP management API; null when <see cref="PebbleOptions.DnsServer"/> was given.</summary>
    public Uri? ChallengeServerManagementUri { get; }

    /// <summary>The <c>host:port</c> Pebble resolves identifiers with.</summary>
    public string DnsServer { get; }

    /// <summary>Everything both processes wrote so far, for test failure messages.</summary>
    public string Log => _log.ToString();

    /// <summary>The generated CA behind Pebble's own HTTPS listeners (not an ACME issuing root). Owned by this server.</summary>
    public X509Certificate2 ListenerRootCertificate => _certificates.Root;

    /// <summary>That CA as a PEM file, for peer clients such as lego (<c>LEGO_CA_CERTIFICATES</c>).</summary>
    public string ListenerRootCertificatePath => _certificates.RootPemPath;

    /// <summary>The Pebble process, for resource measurements.</summary>
    public int PebbleProcessId => _pebble.Id;

    /// <summary>The challenge test server process, if this server started one.</summary>
    public int? ChallengeServerProcessId => _challengeServer?.Id;

    /// <summary>Starts Pebble, and the challenge test server unless a DNS server is given, and waits until both answer.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    /// <exception cref="InvalidOperationException">A process exited or did not answer in time; the message holds their log.</exception>
    public static async Task<PebbleServer> StartAsync(PebbleOptions options, CancellationToken cancellationToken)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid Pebble options: " + string.Join(" ", errors), nameof(options));
        }

        var log = new ProcessLog();
        var launch = await FreshPorts.StartAsync("Pebble", MaxStartAttempts, log, () => new Launch(log),
            (l, attempt) => l.RunAsync(options, attempt, cancellationToken)).ConfigureAwait(false);
        return new PebbleServer(launch, options);
    }

    /// <summary>A handler that trusts only <see cref="ListenerRootCertificate"/>; the caller owns it.</summary>
    public HttpMessageHandler CreateHandler() => CustomRootTrust.CreateHandler(_certificates.Root);

    /// <summary>An <see cref="HttpClient"/> over <see cref="CreateHandler"/>; the caller owns it.</summary>
    public HttpClient CreateHttpClient() => new(CreateHandler(), disposeHandler: true);

    /// <summary>Issuing root <paramref name="index"/> (0, or up to <see cref="PebbleOptions.AlternateRoots"/>).</summary>
    public Task<X509Certificate2> GetRootAsync(int index, CancellationToken cancellationToken) =>
        GetManagementCertificateAsync("roots", index, cancellationToken);

    /// <summary>The intermediate under root <paramref name="index"/>; extra chain-length intermediates are not served.</summary>
    public Task<X509Certificate2> GetIntermediateAsync(int index, CancellationToken cancellationToken) =>
        GetManagementCertificateAsync("intermediates", index, cancellationToken);

    /// <summary>
    /// Adds a TXT value for <paramref name="host"/> (e.g. <c>_acme-challenge.a.example</c>; a trailing
    /// dot is added when missing). Earlier values for the host stay until <see cref="ClearTxtAsync"/>.
    /// </summary>
    public Task SetTxtAsync(string host, string value, CancellationToken cancellationToken) =>
        PostChallengeServerAsync("set-txt", new JsonObject { ["host"] = Fqdn(host), ["value"] = value }, cancellationToken);

    /// <summary>Removes every TXT value for <paramref name="host"/>.</summary>
    public Task ClearTxtAsync(string host, CancellationToken cancellationToken) =>
        PostChallengeServerAsync("clear-txt", new JsonObject { ["host"] = Fqdn(host) }, cancellationToken);

    /// <summary>Answers A queries for <paramref name="host"/> with these addresses instead of the default 127.0.0.1.</summary>
    public Task AddARecordAsync(string host, IEnumerable<IPAddress> addresses, CancellationToken cancellationToken)
    {
        var list = new JsonArray();
        foreach (var address in addresses)
        {
            list.Add(address.ToString());
        }

        return PostChallengeServerAsync("add-a", new JsonObject { ["host"] = Fqdn(host), ["addresses"] = list }, cancellationToken);
    }

    /// <summary>Returns <paramref name="host"/> to the default A answer.</summary>
    public Task ClearARecordAsync(string host, CancellationToken cancellationToken) =>
        PostChallengeServerAsync("clear-a", new JsonObject { ["host"] = Fqdn(host) }, cancellationToken);

    /// <summary>Kills both process trees, waits for them to exit and deletes the temporary files.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _pebble.DisposeAsync().ConfigureAwait(false);
        if (_challengeServer is not null)
        {
            await _challengeServer.DisposeAsync().ConfigureAwait(false);
        }

        _pebbleClient.Dispose();
        _challengeClient?.Dispose();
        _certificates.Dispose();
        Launch.DeleteQuietly(_workDirectory);
    }

    private static string Fqdn(string host) => host.EndsWith('.') ? host : host + ".";

    private async Task<X509Certificate2> GetManagementCertificateAsync(string kind, int index, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var uri = new Uri(ManagementUri, $"{kind}/{index.ToString(CultureInfo.InvariantCulture)}");
        using var response = await _pebbleClient.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {uri} answered {(int)response.StatusCode}: {body}", null, response.StatusCode);
        }

        // The body is PEM; a chain would list the requested certificate first.
        return X509Certificate2.CreateFromPem(body);
    }

    private async Task PostChallengeServerAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_challengeClient is null || ChallengeServerManagementUri is null)
        {
            throw new InvalidOperationException(
                "This Pebble uses an external DNS server; change its records there, not through pebble-challtestsrv.");
        }

        var uri = new Uri(ChallengeServerManagementUri, path);
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _challengeClient.PostAsync(uri, content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpRequestException($"POST {uri} answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
        }
    }
}
