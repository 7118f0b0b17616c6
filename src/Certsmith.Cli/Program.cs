using System.CommandLine;
using Certsmith.Cli.Commands;

namespace Certsmith.Cli;

/// <summary>The <c>certsmith</c> command: the platform's REST API from a shell.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>Runs one command line, writing to the given writers (tests run it in-process); returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, HttpMessageHandler? handler = null, CancellationToken cancellationToken = default)
    {
        var cli = new CliContext(output, error, handler);
        var root = new RootCommand("Certsmith: HTTPS for every site of the platform, from the command line.")
        {
            TenantCommands.Build(cli),
            TokenCommands.Build(cli),
            DomainCommands.Build(cli),
            SiteCommands.Build(cli),
            AddressCommands.Build(cli),
            CertificateCommands.Build(cli),
            WildcardCommands.Build(cli),
            CustomCertificateCommands.BuildCsr(cli),
            WildcardCommands.BuildDelegation(cli),
            UserCommands.Build(cli),
            AdminCommands.Build(cli),
        };
        root.Options.Add(cli.Url);
        root.Options.Add(cli.Token);
        root.Options.Add(cli.Tenant);
        root.Options.Add(cli.Config);
        root.Options.Add(cli.Json);
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
