using System.Text.Json;
using Certsmith.Acme.Json;

namespace Certsmith.Acme.Tests.Json;

/// <summary>
/// The source-generated reader builds init-only records through an object initializer that also assigns
/// members absent from the JSON (as null); the documented defaults must survive that.
/// </summary>
public class MissingMembersTests
{
    [Fact]
    public void Pebble_directory_without_profiles_reads_with_empty_profiles()
    {
        const string json = """
            {"keyChange":"https://127.0.0.1:14000/rollover-account-key",
             "meta":{"externalAccountRequired":false,"termsOfService":"data:text/plain,Do%20what%20thou%20wilt"},
             "newAccount":"https://127.0.0.1:14000/sign-me-up","newNonce":"https://127.0.0.1:14000/nonce-plz",
             "newOrder":"https://127.0.0.1:14000/order-plz","revokeCert":"https://127.0.0.1:14000/revoke-cert"}
            """;
        var directory = JsonSerializer.Deserialize(json, AcmeJsonContext.Tolerant.AcmeDirectory)!;
        Assert.Empty(directory.Meta.Profiles);
        Assert.Empty(directory.Meta.CaaIdentities);
    }

    [Fact]
    public void Directory_without_meta_has_empty_meta()
    {
        const string json = """{"newAccount":"https://ca/a","newNonce":"https://ca/n","newOrder":"https://ca/o"}""";
        var directory = JsonSerializer.Deserialize(json, AcmeJsonContext.Tolerant.AcmeDirectory)!;
        Assert.NotNull(directory.Meta);
        Assert.Empty(directory.Meta.Profiles);
    }

    [Fact]
    public void Objects_without_their_lists_read_with_empty_lists()
    {
        Assert.Empty(JsonSerializer.Deserialize("""{"status":"pending"}""", AcmeJsonContext.Tolerant.AcmeOrder)!.Authorizations);
        Assert.Empty(JsonSerializer.Deserialize("""{"status":"pending"}""", AcmeJsonContext.Tolerant.AcmeOrder)!.Identifiers);
        Assert.Empty(JsonSerializer.Deserialize("""{"status":"pending"}""", AcmeJsonContext.Tolerant.AcmeAuthorization)!.Challenges);
        Assert.Empty(JsonSerializer.Deserialize("""{"status":"valid"}""", AcmeJsonContext.Tolerant.AcmeAccount)!.Contact);
        var problem = JsonSerializer.Deserialize("""{"detail":"x"}""", AcmeJsonContext.Tolerant.AcmeProblem)!;
        Assert.Equal("about:blank", problem.Type);
        Assert.Empty(problem.Subproblems);
    }
}
