namespace Certsmith.Acme.Problems;

/// <summary>The ACME error names of RFC 8555 §6.7 and later documents (RFC 9773 §7.4, ACME profiles).</summary>
public static class AcmeErrorTypes
{
    /// <summary>The URN namespace of ACME errors.</summary>
    public const string Prefix = "urn:ietf:params:acme:error:";

#pragma warning disable CS1591 // the names are the RFC's; §6.7 describes each
    public const string AccountDoesNotExist = "accountDoesNotExist";
    public const string AlreadyReplaced = "alreadyReplaced";
    public const string AlreadyRevoked = "alreadyRevoked";
    public const string BadCsr = "badCSR";
    public const string BadNonce = "badNonce";
    public const string BadPublicKey = "badPublicKey";
    public const string BadRevocationReason = "badRevocationReason";
    public const string BadSignatureAlgorithm = "badSignatureAlgorithm";
    public const string Caa = "caa";
    public const string Compound = "compound";
    public const string Connection = "connection";
    public const string Dns = "dns";
    public const string ExternalAccountRequired = "externalAccountRequired";
    public const string IncorrectResponse = "incorrectResponse";
    public const string InvalidContact = "invalidContact";
    public const string InvalidProfile = "invalidProfile";
    public const string Malformed = "malformed";
    public const string OrderNotReady = "orderNotReady";
    public const string RateLimited = "rateLimited";
    public const string RejectedIdentifier = "rejectedIdentifier";
    public const string ServerInternal = "serverInternal";
    public const string Tls = "tls";
    public const string Unauthorized = "unauthorized";
    public const string UnsupportedContact = "unsupportedContact";
    public const string UnsupportedIdentifier = "unsupportedIdentifier";
    public const string UserActionRequired = "userActionRequired";
#pragma warning restore CS1591

    /// <summary>The errors that mean the CA could not validate control of an identifier (§8).</summary>
    public static bool IsValidationFailure(string errorName) => errorName is Connection or Dns or IncorrectResponse or Tls or Unauthorized or Caa;
}
