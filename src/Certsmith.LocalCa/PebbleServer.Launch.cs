using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Certsmith.LocalCa;

public sealed partial class PebbleServer
{
    /// <summary>One start attempt: its temp directory, certificates, processes and clients.</summary>
    private sealed class Launch : IAsyncDisposable
    {
        /// <summary>What Go's net package writes when a listener's port is taken.</summary>
        private const string AddressInUse = "address already in use";

        /// <summary>A lost UDP datagram on loopback is rare; asking again beats waiting long.</summary>
        private static readonly TimeSpan DnsProbeTimeout = TimeSpan.FromMilliseconds(500);

        public Launch(ProcessLog log)
        {
            Log = log;
            WorkDirectory = Directory.CreateTempSubdirectory("certsmith-pebble-");
            Certificates = ListenerCertificates.Create(WorkDirectory.FullName);
            PebbleClient = new HttpClient(CustomRootTrust.CreateHandler(Certificates.Root), disposeHandler: true)
            {
                Timeout = RequestTimeout,
            };
        }

        public ProcessLog Log { get; }

        public DirectoryInfo WorkDirectory { get; }

        public ListenerCertificates Certificates { get; }

        public HttpClient PebbleClient { get; }

        public HttpClient? ChallengeClient { get; private set; }

        public ChildProcess? Pebble { get; private set; }

        public ChildProcess? ChallengeServer { get; private set; }

        public Uri DirectoryUri { get; private set; } = null!;

        public Uri ManagementUri { get; private set; } = null!;

        public Uri? ChallengeServerManagementUri { get; private set; }

        public string DnsServer { get; private set; } = null!;

        public static void DeleteQuietly(DirectoryInfo directory)
        {
            try
            {
                directory.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory is not worth failing a test over.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        public async Task RunAsync(PebbleOptions options, int attempt, CancellationToken cancellationToken)
        {
            var logStart = Log.Length;
            Log.Append("bench", $"start attempt {attempt.ToString(CultureInfo.InvariantCulture)} in {WorkDirectory.FullName}");
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(StartDeadline);

            DnsServer = options.DnsServer ?? StartChallengeServer();

            var acmePort = options.AcmePort ?? LoopbackPorts.PickFree();
            var managementPort = LoopbackPorts.PickFree();
            DirectoryUri = new Uri($"https://127.0.0.1:{acmePort}/dir");
            ManagementUri = new Uri($"https://127.0.0.1:{managementPort}/");
            var configPath = Path.Combine(WorkDirectory.FullName, "pebble-config.json");
            PebbleLaunchSettings.WriteConfig(configPath, options, acmePort, managementPort, Certificates);
            Pebble = ChildProcess.Start(
                PebbleExecutable,
                ["-config", configPath, "-dnsserver", DnsServer],
                PebbleLaunchSettings.Environment(options),
                WorkDirectory.FullName,
                Log,
                "pebble");

            try
            {
                while (!await IsReadyAsync(logStart, deadline.Token).ConfigureAwait(false))
                {
                    await Task.Delay(PollInterval, deadline.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException(
                    $"Pebble did not answer {DirectoryUri} within {StartDeadline.TotalSeconds} s.\n{Log}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Pebble is not null)
            {
                await Pebble.DisposeAsync().ConfigureAwait(false);
            }

            if (ChallengeServer is not null)
            {
                await ChallengeServer.DisposeAsync().ConfigureAwait(false);
            }

            PebbleClient.Dispose();
            ChallengeClient?.Dispose();
            Certificates.Dispose();
            DeleteQuietly(WorkDirectory);
        }

        private string StartChallengeServer()
        {
            var dnsPort = LoopbackPorts.PickFree(alsoUdp: true);
            var managementPort = LoopbackPorts.PickFree();
            var dnsServer = $"127.0.0.1:{dnsPort.ToString(CultureInfo.InvariantCulture)}";
            ChallengeServerManagementUri = new Uri($"http://127.0.0.1:{managementPort}/");
            ChallengeClient = new HttpClient { Timeout = RequestTimeout };

            // Its defaults break validation: AAAA answers ::1 (Pebble dials the first address, the
            // responders are on 127.0.0.1), it binds every interface and runs its own responders.
            ChallengeServer = ChildProcess.Start(
                ChallengeServerExecutable,
                [
                    "-defaultIPv6", string.Empty,
                    "-dns01", dnsServer,
                    "-management", $"127.0.0.1:{managementPort.ToString(CultureInfo.InvariantCulture)}",
                    "-http01", string.Empty,
                    "-https01", string.Empty,
                    "-tlsalpn01", string.Empty,
                ],
                new Dictionary<string, string>(),
                WorkDirectory.FullName,
                Log,
                "challtestsrv");
            return dnsServer;
        }

        private async Task<bool> IsReadyAsync(int logStart, CancellationToken cancellationToken)
        {
            // pebble-challtestsrv keeps running when its DNS listener cannot bind, so read the log
            // rather than wait for an exit.
            if (Log.ToString()[logStart..].Contains(AddressInUse, StringComparison.Ordinal))
            {
                throw new PortTakenException("A port picked for Pebble or pebble-challtestsrv was taken.");
            }

            if (Pebble!.HasExited || ChallengeServer is { HasExited: true })
            {
                throw new InvalidOperationException($"Pebble or pebble-challtestsrv exited during start.\n{Log}");
            }

            if (!await AnswersAsync(PebbleClient, DirectoryUri, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            return ChallengeClient is null
                || (await AnswersAsync(ChallengeClient, ChallengeServerManagementUri!, cancellationToken).ConfigureAwait(false)
                    && await DnsAnswersAsync(IPEndPoint.Parse(DnsServer), cancellationToken).ConfigureAwait(false));
        }

        /// <summary>True once the DNS server answers over UDP, which is how Pebble asks it.</summary>
        private static async Task<bool> DnsAnswersAsync(IPEndPoint server, CancellationToken cancellationToken)
        {
            using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            probe.CancelAfter(DnsProbeTimeout);
            try
            {
                await DnsTxtQuery.QueryAsync(server, "readiness-probe.certsmith.test", probe.Token).ConfigureAwait(false);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        /// <summary>True once the listener sends any HTTP response; the directory must also say 200.</summary>
        private static async Task<bool> AnswersAsync(HttpClient client, Uri uri, CancellationToken cancellationToken)
        {
            try
            {
                using var response = await client.GetAsync(uri, cancellationToken).ConfigureAwait(false);
                return uri.Scheme == Uri.UriSchemeHttp || response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }
    }
}
