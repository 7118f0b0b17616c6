using System.Text.Json;
using Certsmith.Acme.Json;
using Certsmith.Acme.Problems;

namespace Certsmith.Acme.Tests.Unit;

/// <summary>Problem documents of RFC 8555 §6.7 and the decisions they lead to.</summary>
public class ProblemTests
{
    // RFC 8555 §6.7.1, verbatim.
    private const string Rfc8555SubproblemExample = """
        {
            "type": "urn:ietf:params:acme:error:malformed",
            "detail": "Some of the identifiers requested were rejected",
            "subproblems": [
                {
                    "type": "urn:ietf:params:acme:error:malformed",
                    "detail": "Invalid underscore in DNS name \"_example.org\"",
                    "identifier": {
                        "type": "dns",
                        "value": "_example.org"
                    }
                },
                {
                    "type": "urn:ietf:params:acme:error:rejectedIdentifier",
                    "detail": "This CA will not issue for \"example.net\"",
                    "identifier": {
                        "type": "dns",
                        "value": "example.net"
                    }
                }
            ]
        }
        """;

    private static AcmeProblem Parse(string json) => JsonSerializer.Deserialize(json, AcmeJsonContext.Tolerant.AcmeProblem)!;

    [Fact]
    public void Rfc8555_subproblem_example_keeps_each_identifier_and_its_error()
    {
        var problem = Parse(Rfc8555SubproblemExample);

        Assert.Equal("malformed", problem.ErrorName);
        Assert.Equal(2, problem.Subproblems.Count);
        Assert.Equal(("dns", "_example.org"), (problem.Subproblems[0].Identifier!.Type, problem.Subproblems[0].Identifier!.Value));
        Assert.True(problem.Subproblems[1].Is(AcmeErrorTypes.RejectedIdentifier));
        Assert.Equal("example.net", problem.Subproblems[1].Identifier!.Value);
        Assert.Contains("_example.org", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Rfc8555_user_action_required_example_keeps_the_instance_to_visit()
    {
        // RFC 8555 §7.3.3.
        var problem = Parse("""
            {
              "type": "urn:ietf:params:acme:error:userActionRequired",
              "detail": "Terms of service have changed",
              "instance": "https://example.com/acme/agreement/?token=W8Ih3PswD-8"
            }
            """);

        Assert.Equal("https://example.com/acme/agreement/?token=W8Ih3PswD-8", problem.Instance);
        Assert.Equal(AcmeErrorKind.FixInput, AcmeProblemException.Classify(problem, 403));
    }

    [Theory]
    [InlineData("badNonce", 400, AcmeErrorKind.RetryNow)]
    [InlineData("rateLimited", 429, AcmeErrorKind.RateLimited)]
    [InlineData("serverInternal", 500, AcmeErrorKind.RetryLater)]
    [InlineData("malformed", 400, AcmeErrorKind.FixInput)]
    [InlineData("rejectedIdentifier", 400, AcmeErrorKind.FixInput)]
    [InlineData("badCSR", 400, AcmeErrorKind.FixInput)]
    [InlineData("externalAccountRequired", 401, AcmeErrorKind.FixInput)]
    [InlineData("invalidProfile", 400, AcmeErrorKind.FixInput)]
    [InlineData("incorrectResponse", 403, AcmeErrorKind.FixInput)]
    [InlineData("alreadyRevoked", 400, AcmeErrorKind.GiveUp)]
    [InlineData("alreadyReplaced", 409, AcmeErrorKind.GiveUp)]
    [InlineData("accountDoesNotExist", 400, AcmeErrorKind.GiveUp)]
    [InlineData("somethingNew", 503, AcmeErrorKind.RetryLater)]
    [InlineData("somethingNew", 429, AcmeErrorKind.RateLimited)]
    [InlineData("somethingNew", 400, AcmeErrorKind.FixInput)]
    public void Each_error_type_maps_to_what_the_caller_should_do(string type, int status, AcmeErrorKind expected)
    {
        var problem = new AcmeProblem { Type = AcmeErrorTypes.Prefix + type };
        Assert.Equal(expected, AcmeProblemException.Classify(problem, status));
    }

    [Fact]
    public void A_compound_problem_with_a_rate_limited_part_is_rate_limited()
    {
        var problem = new AcmeProblem
        {
            Type = AcmeErrorTypes.Prefix + AcmeErrorTypes.Compound,
            Subproblems =
            [
                new AcmeProblem { Type = AcmeErrorTypes.Prefix + AcmeErrorTypes.RejectedIdentifier },
                new AcmeProblem { Type = AcmeErrorTypes.Prefix + AcmeErrorTypes.RateLimited },
            ],
        };
        Assert.Equal(AcmeErrorKind.RateLimited, AcmeProblemException.Classify(problem, 403));
    }

    [Fact]
    public void A_compound_problem_of_validation_failures_is_a_validation_failure()
    {
        var problem = new AcmeProblem
        {
            Type = AcmeErrorTypes.Prefix + AcmeErrorTypes.Compound,
            Subproblems =
            [
                new AcmeProblem { Type = AcmeErrorTypes.Prefix + AcmeErrorTypes.Dns },
                new AcmeProblem { Type = AcmeErrorTypes.Prefix + AcmeErrorTypes.Connection },
            ],
        };
        var e = new AcmeProblemException(problem, 403, null, null);
        Assert.True(e.IsValidationFailure);
        Assert.Equal(AcmeErrorKind.FixInput, e.Kind);
    }
}
