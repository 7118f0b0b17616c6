using System.CommandLine;
using System.Text;
using Certsmith.Cli.Api;

namespace Certsmith.Cli.Commands;

/// <summary>
/// Certificates from another CA: <c>certsmith csr create</c>, <c>certsmith certificate install|upload|attach|detach</c>.
/// Files are read here and sent to the API; a private key goes up once and is never printed.
/// </summary>
internal static class CustomCertificateCommands
{
    public static Command BuildCsr(CliContext cli)
    {
        var csr = new Command("csr", "Certificate signing requests for another CA (the platform keeps the key).");
        var names = new Argument<string[]>("names") { Description = "The host names (or *.parent) the certificate is for.", Arity = ArgumentArity.OneOrMore };
        var organization = new Option<string?>("--organization") { Description = "O" };
        var unit = new Option<string?>("--unit") { Description = "OU" };
        var locality = new Option<string?>("--city") { Description = "L" };
        var state = new Option<string?>("--state") { Description = "ST" };
        var country = new Option<string?>("--country") { Description = "C, two letters" };
        var email = new Option<string?>("--email") { Description = "E-mail address in the subject" };
        var commonName = new Option<string?>("--common-name") { Description = "CN (default: the first name)" };
        var keyType = new Option<string?>("--key-type") { Description = "ecdsa-p256 (default), ecdsa-p384, rsa-2048, rsa-3072, rsa-4096" };
        var output = new Option<string?>("--out") { Description = "Write the CSR to this file (else print it)." };
        var create = new Command("create", "Generate a key and a CSR; send the CSR to your CA, then `certsmith certificate install <id> <file>`.")
        {
            names, organization, unit, locality, state, country, email, commonName, keyType, output,
        };
        cli.SetAction(create, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var body = new CreateCsrRequest(run.Value(names), run.Value(commonName), run.Value(organization), run.Value(unit), run.Value(locality), run.Value(state), run.Value(country), run.Value(email), run.Value(keyType));
            var response = await run.Api.PostAsync($"{tenant}/csrs", body, run.CancellationToken).ConfigureAwait(false);
            var pem = (string)response.Body["csr"]!;
            if (run.Value(output) is { } file)
            {
                await File.WriteAllTextAsync(file, pem, run.CancellationToken).ConfigureAwait(false);
            }
            return await cli.PrintAsync(run, response, r => run.Value(output) is { } written
                ? $"CSR {r["certificate"]!["id"]} written to {written}."
                : $"CSR {r["certificate"]!["id"]}:\n{pem}").ConfigureAwait(false);
        });
        csr.Subcommands.Add(create);
        return csr;
    }

    /// <summary>The most a certificate, chain, key or PKCS#12 file may hold (the platform's own check, and well within its 1 MiB request limit).</summary>
    private const int MaxFileBytes = 256 * 1024;

    /// <summary>
    /// Reads a certificate or key file, refusing one too large before sending it: the platform would refuse it anyway,
    /// and a body over its limit is cut off mid-upload (a broken pipe, not an answer).
    /// </summary>
    private static async Task<byte[]> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new ApiException($"there is no file {path}");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new ApiException($"cannot read {path}: {e.Message}", e);
        }
        if (info.Length > MaxFileBytes)
        {
            throw new ApiException($"{path} is {info.Length / 1024} KiB; a certificate, chain, key or PKCS#12 file is at most {MaxFileBytes / 1024} KiB — is it the right file?");
        }
        return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
    }

    public static void AddTo(Command certificate, CliContext cli)
    {
        var installId = new Argument<string>("certificate-id") { Description = "The CSR's certificate id." };
        var file = new Argument<string>("file") { Description = "What the CA returned: PEM, DER (.cer/.crt) or PKCS#7 (.p7b)." };
        var install = new Command("install", "Install the certificate your CA returned for a CSR made here.") { installId, file };
        cli.SetAction(install, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var bytes = await ReadFileAsync(run.Value(file), run.CancellationToken).ConfigureAwait(false);
            var body = LooksLikePem(bytes) ? new InstallCertificateRequest(Encoding.UTF8.GetString(bytes), null) : new InstallCertificateRequest(null, Convert.ToBase64String(bytes));
            var response = await run.Api.PostAsync($"{tenant}/certificates/{Uri.EscapeDataString(run.Value(installId))}/install", body, run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, c => $"Installed: {c["names"]?.ToJsonString()} valid until {c["notAfter"]}.").ConfigureAwait(false);
        });

        var certificateFile = new Option<string?>("--certificate") { Description = "PEM file: the certificate, then its intermediates." };
        var keyFile = new Option<string?>("--key") { Description = "PEM file: its private key." };
        var pkcs12File = new Option<string?>("--pkcs12") { Description = "Or a PKCS#12 file (.pfx/.p12)." };
        var password = new Option<string?>("--password") { Description = "The PKCS#12 or encrypted key's password (else CERTSMITH_CERT_PASSWORD)." };
        var upload = new Command("upload", "Upload a certificate from another CA with its key.") { certificateFile, keyFile, pkcs12File, password };
        cli.SetAction(upload, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            async Task<string?> Text(string? path) => path is null ? null : Encoding.UTF8.GetString(await ReadFileAsync(path, run.CancellationToken).ConfigureAwait(false));
            var pkcs12 = run.Value(pkcs12File) is { } p ? Convert.ToBase64String(await ReadFileAsync(p, run.CancellationToken).ConfigureAwait(false)) : null;
            var body = new UploadCertificateRequest(await Text(run.Value(certificateFile)).ConfigureAwait(false), await Text(run.Value(keyFile)).ConfigureAwait(false), pkcs12,
                run.Value(password) ?? Environment.GetEnvironmentVariable("CERTSMITH_CERT_PASSWORD"));
            var response = await run.Api.PostAsync($"{tenant}/certificates/upload", body, run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, c => $"Uploaded {c["id"]}: {c["names"]?.ToJsonString()} valid until {c["notAfter"]}.").ConfigureAwait(false);
        });

        var attachId = new Argument<string>("certificate-id") { Description = "The custom certificate's id." };
        var addresses = new Argument<string[]>("address-ids") { Description = "The addresses to serve it to.", Arity = ArgumentArity.OneOrMore };
        var attach = new Command("attach", "Serve a custom certificate to addresses, before their managed one.") { attachId, addresses };
        cli.SetAction(attach, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.PostAsync($"{tenant}/certificates/{Uri.EscapeDataString(run.Value(attachId))}/attach", new AttachCertificateRequest(run.Value(addresses)), run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, l => "Attached to " + string.Join(", ", l.AsArray().Select(a => (string?)a!["name"])) + ".").ConfigureAwait(false);
        });

        var detachAddress = new Argument<string>("address-id") { Description = "The address." };
        var detach = new Command("detach", "Stop serving an address its custom certificate (its managed one serves again).") { detachAddress };
        cli.SetAction(detach, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            await run.Api.DeleteAsync($"{tenant}/addresses/{Uri.EscapeDataString(run.Value(detachAddress))}/custom-certificate", run.CancellationToken).ConfigureAwait(false);
            await cli.Output.WriteLineAsync(run.ParseResult.GetValue(cli.Json) ? "{}" : "Detached.").ConfigureAwait(false);
            return 0;
        });

        var removeId = new Argument<string>("certificate-id") { Description = "The custom certificate's id." };
        var remove = new Command("remove", "Remove a custom certificate: detached everywhere, never served again.") { removeId };
        cli.SetAction(remove, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.DeleteAsync($"{tenant}/certificates/{Uri.EscapeDataString(run.Value(removeId))}", run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, c => $"Removed: {c["names"]?.ToJsonString()} is {c["state"]}.").ConfigureAwait(false);
        });

        certificate.Subcommands.Add(install);
        certificate.Subcommands.Add(remove);
        certificate.Subcommands.Add(upload);
        certificate.Subcommands.Add(attach);
        certificate.Subcommands.Add(detach);
    }

    private static bool LooksLikePem(byte[] bytes) => Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 4096)).Contains("-----BEGIN", StringComparison.Ordinal);
}
