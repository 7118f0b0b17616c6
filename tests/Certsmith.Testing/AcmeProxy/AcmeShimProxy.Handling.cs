using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Certsmith.Testing.AcmeProxy;

/// <summary>The additions: directory fields, renewalInfo, profile and replaces on orders, Retry-After.</summary>
public sealed partial class AcmeShimProxy
{
    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var kind = paths.Classify(path);
        state.Record(new AcmeShimRequest(kind, request.Method, path + request.QueryString.Value, time.GetUtcNow()));

        if (kind == AcmeShimRequestKind.RenewalInfo)
        {
            await ServeRenewalInfoAsync(context, path).ConfigureAwait(false);
            return;
        }

        var ct = context.RequestAborted;
        var body = await ReadBodyAsync(request, ct).ConfigureAwait(false);
        var newOrder = kind == AcmeShimRequestKind.NewOrder && HttpMethods.IsPost(request.Method) ? NewOrderFields.TryRead(body) : null;
        if (newOrder is not null && CheckNewOrder(newOrder) is { } problem)
        {
            await WriteProblemAsync(context, problem).ConfigureAwait(false);
            return;
        }

        using var answer = await ForwardAsync(request, body, ct).ConfigureAwait(false);
        var content = await answer.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        TimeSpan? retryAfter = null;
        if (answer.IsSuccessStatusCode)
        {
            content = kind switch
            {
                AcmeShimRequestKind.Directory when HttpMethods.IsGet(request.Method) => AddToDirectory(content, ProxyBase(request)),
                AcmeShimRequestKind.Certificate => RememberIssued(content),
                AcmeShimRequestKind.NewOrder or AcmeShimRequestKind.Order or AcmeShimRequestKind.Finalize =>
                    AddToOrder(content, OrderPath(kind, path, answer), newOrder, out retryAfter),
                AcmeShimRequestKind.Authorization or AcmeShimRequestKind.Challenge => PendingRetryAfter(content, out retryAfter),
                _ => content,
            };
        }

        await CopyResponseAsync(context, answer, content, retryAfter).ConfigureAwait(false);
    }

    private AcmeProblem? CheckNewOrder(NewOrderFields fields)
    {
        // draft-ietf-acme-profiles §4: only a server that advertises profiles checks the field.
        if (fields.Profile is { } profile && options.Profiles.Count > 0 && !options.Profiles.ContainsKey(profile))
        {
            return AcmeProblem.InvalidProfile($"Profile '{profile}' is not one of: {string.Join(", ", options.Profiles.Keys)}.");
        }

        if (fields.Replaces is not { } certId)
        {
            return null;
        }

        if (!AcmeCertId.IsWellFormed(certId))
        {
            return AcmeProblem.Malformed($"replaces '{certId}' is no RFC 9773 certID.");
        }

        if (options.RejectUnknownReplaces && state.WindowOf(certId) is null)
        {
            return AcmeProblem.Malformed($"replaces '{certId}' names no certificate this server issued.");
        }

        return state.IsAlreadyReplaced(certId)
            ? AcmeProblem.AlreadyReplaced($"Certificate '{certId}' is already replaced by another order.")
            : null;
    }

    private byte[] AddToDirectory(byte[] content, Uri proxyBase)
    {
        if (JsonNode.Parse(content) is not JsonObject directory)
        {
            return content;
        }

        directory["renewalInfo"] = new Uri(proxyBase, RenewalInfoPath).ToString();
        if (options.Profiles.Count > 0)
        {
            var meta = directory["meta"] as JsonObject ?? [];
            directory["meta"] = meta;
            meta["profiles"] = new JsonObject(options.Profiles.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        }

        return Encoding.UTF8.GetBytes(directory.ToJsonString());
    }

    private static string? OrderPath(AcmeShimRequestKind kind, string path, HttpResponseMessage answer) =>
        kind == AcmeShimRequestKind.Order ? path : answer.Headers.Location?.AbsolutePath;

    private byte[] AddToOrder(byte[] content, string? orderPath, NewOrderFields? newOrder, out TimeSpan? retryAfter)
    {
        retryAfter = null;
        if (orderPath is null || JsonNode.Parse(content) is not JsonObject order)
        {
            return content;
        }

        var status = (string?)order["status"];
        OrderRecord? added;
        if (newOrder is not null)
        {
            added = new OrderRecord(options.Profiles.Count > 0 ? newOrder.Profile : null, newOrder.Replaces, status);
            state.RecordNewOrder(orderPath, added.Profile, added.Replaces, status);
        }
        else
        {
            added = state.UpdateOrder(orderPath, status);
        }

        if (added?.Profile is { } profile)
        {
            order["profile"] = profile;
        }

        if (added?.Replaces is { } replaces)
        {
            order["replaces"] = replaces; // RFC 9773 §5: an order field as well as a request field
        }

        retryAfter = RetryAfterFor(status);
        return Encoding.UTF8.GetBytes(order.ToJsonString());
    }

    private byte[] PendingRetryAfter(byte[] content, out TimeSpan? retryAfter)
    {
        retryAfter = JsonNode.Parse(content) is JsonObject json ? RetryAfterFor((string?)json["status"]) : null;
        return content;
    }

    private TimeSpan? RetryAfterFor(string? status) => status is "pending" or "processing" ? options.PendingRetryAfter : null;

    /// <summary>Records the leaf of a chain Pebble returned, so renewalInfo knows it (RFC 9773 §4.1).</summary>
    private byte[] RememberIssued(byte[] content)
    {
        var pem = Encoding.ASCII.GetString(content);
        if (PemEncoding.TryFind(pem, out var fields) && pem[fields.Label] == "CERTIFICATE")
        {
            using var leaf = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(pem[fields.Base64Data]));
            Remember(leaf);
        }

        return content;
    }

    private async Task ServeRenewalInfoAsync(HttpContext context, string path)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            await WriteProblemAsync(context, AcmeProblem.Malformed("RFC 9773 §4.1: renewalInfo is fetched with GET.") with { Status = 405 })
                .ConfigureAwait(false);
            return;
        }

        var certId = path.Length > RenewalInfoPath.Length + 1 ? path[(RenewalInfoPath.Length + 1)..] : "";
        if (!path.StartsWith(RenewalInfoPath + "/", StringComparison.Ordinal) || !AcmeCertId.IsWellFormed(certId))
        {
            await WriteProblemAsync(context, AcmeProblem.Malformed($"'{certId}' is no RFC 9773 certID.")).ConfigureAwait(false);
            return;
        }

        if (state.WindowOf(certId) is not { } window)
        {
            await WriteProblemAsync(context, AcmeProblem.NotFound($"No certificate with certID '{certId}'.")).ConfigureAwait(false);
            return;
        }

        var json = new JsonObject
        {
            ["suggestedWindow"] = new JsonObject { ["start"] = Rfc3339(window.Start), ["end"] = Rfc3339(window.End) },
        };
        if ((window.Explanation ?? options.ExplanationUrl) is { } explanation)
        {
            json["explanationURL"] = explanation.ToString();
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.Headers.RetryAfter = RetryAfterSeconds(options.RenewalInfoRetryAfter);
        await WriteBodyAsync(context, Encoding.UTF8.GetBytes(json.ToJsonString())).ConfigureAwait(false);
    }

    private static string Rfc3339(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
