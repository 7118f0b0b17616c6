// Usage: Certsmith.Bench.Http01Responder <port> <account-key-thumbprint>
// Binds 127.0.0.1:<port> only. Stateless: the key authorization for any token is token "." thumbprint
// (RFC 8555 §8.1), so no token needs to be registered before Pebble asks for it.
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

if (args.Length != 2 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
{
    await Console.Error.WriteLineAsync("usage: Certsmith.Bench.Http01Responder <port> <thumbprint>");
    return 2;
}
var suffix = Encoding.ASCII.GetBytes("." + args[1]);
const string Prefix = "/.well-known/acme-challenge/";

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(o =>
{
    o.AddServerHeader = false;
    o.Listen(IPAddress.Loopback, port);
});
var app = builder.Build();
app.Run(async context =>
{
    var path = context.Request.Path.Value ?? string.Empty;
    var token = path.StartsWith(Prefix, StringComparison.Ordinal) ? path[Prefix.Length..] : string.Empty;
    if (!HttpMethods.IsGet(context.Request.Method) || token.Length == 0 || token.Contains('/', StringComparison.Ordinal))
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return;
    }
    var body = new byte[Encoding.ASCII.GetByteCount(token) + suffix.Length];
    var written = Encoding.ASCII.GetBytes(token, body);
    suffix.CopyTo(body, written);
    context.Response.ContentType = "application/octet-stream";
    context.Response.ContentLength = body.Length;
    await context.Response.Body.WriteAsync(body);
});
await Console.Out.WriteLineAsync($"http01-responder listening on 127.0.0.1:{port}");
await app.RunAsync();
return 0;
