namespace Certsmith.Acme.Problems;

/// <summary>The CA answered with a problem document (RFC 8555 §6.7).</summary>
public sealed class AcmeProblemException : AcmeException
{
    /// <summary>Creates the exception for a problem the CA sent.</summary>
    public AcmeProblemException(AcmeProblem problem, int httpStatus, Uri? requestUrl, DateTimeOffset? retryAfter, IReadOnlyList<Uri>? helpLinks = null)
        : base($"The ACME server answered {httpStatus} {problem}", Classify(problem, httpStatus), requestUrl, retryAfter)
    {
        Problem = problem;
        HttpStatus = httpStatus;
        HelpLinks = helpLinks ?? [];
    }

    /// <summary>The problem document.</summary>
    public AcmeProblem Problem { get; }

    /// <summary>The HTTP status of the answer.</summary>
    public int HttpStatus { get; }

    /// <summary>Documentation the CA linked with <c>Link: rel="help"</c>.</summary>
    public IReadOnlyList<Uri> HelpLinks { get; }

    /// <summary>Whether the CA could not validate control of an identifier (§8).</summary>
    public bool IsValidationFailure => AcmeErrorTypes.IsValidationFailure(Problem.ErrorName)
        || (Problem.Is(AcmeErrorTypes.Compound) && Problem.Subproblems.Count > 0 && Problem.Subproblems.All(p => AcmeErrorTypes.IsValidationFailure(p.ErrorName)));

    /// <summary>The decision table: what a caller should do about a problem of this type and status.</summary>
    public static AcmeErrorKind Classify(AcmeProblem problem, int httpStatus)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Is(AcmeErrorTypes.Compound) && problem.Subproblems.Count > 0)
        {
            // The most urgent of the parts decides: being rate limited overrides fixing input.
            var kinds = problem.Subproblems.Select(p => Classify(p, httpStatus)).ToList();
            return kinds.Contains(AcmeErrorKind.RateLimited) ? AcmeErrorKind.RateLimited
                : kinds.Contains(AcmeErrorKind.GiveUp) ? AcmeErrorKind.GiveUp
                : kinds.All(k => k == AcmeErrorKind.RetryLater) ? AcmeErrorKind.RetryLater
                : AcmeErrorKind.FixInput;
        }
        return problem.ErrorName switch
        {
            AcmeErrorTypes.BadNonce => AcmeErrorKind.RetryNow,
            AcmeErrorTypes.RateLimited => AcmeErrorKind.RateLimited,
            AcmeErrorTypes.ServerInternal => AcmeErrorKind.RetryLater,
            // §7.4: orderNotReady means "look at the order again": its state moved on without us.
            AcmeErrorTypes.OrderNotReady => AcmeErrorKind.RetryNow,
            AcmeErrorTypes.AlreadyRevoked or AcmeErrorTypes.AlreadyReplaced or AcmeErrorTypes.AccountDoesNotExist => AcmeErrorKind.GiveUp,
            AcmeErrorTypes.Malformed or AcmeErrorTypes.BadCsr or AcmeErrorTypes.BadPublicKey or AcmeErrorTypes.BadRevocationReason
                or AcmeErrorTypes.BadSignatureAlgorithm or AcmeErrorTypes.InvalidContact or AcmeErrorTypes.UnsupportedContact
                or AcmeErrorTypes.ExternalAccountRequired or AcmeErrorTypes.RejectedIdentifier or AcmeErrorTypes.UnsupportedIdentifier
                or AcmeErrorTypes.UserActionRequired or AcmeErrorTypes.InvalidProfile or AcmeErrorTypes.Caa or AcmeErrorTypes.Connection
                or AcmeErrorTypes.Dns or AcmeErrorTypes.IncorrectResponse or AcmeErrorTypes.Tls or AcmeErrorTypes.Unauthorized
                => AcmeErrorKind.FixInput,
            // Unknown types: the status decides (a 5xx or 429 is the CA's state, a 4xx the request).
            _ when httpStatus == 429 => AcmeErrorKind.RateLimited,
            _ when httpStatus >= 500 => AcmeErrorKind.RetryLater,
            _ => AcmeErrorKind.FixInput,
        };
    }
}
