namespace Certsmith.Api.Contracts;

/// <summary>The DNS record that proves an external domain.</summary>
/// <param name="RecordName">The name to publish (_certsmith.&lt;domain&gt;).</param>
/// <param name="RecordType">Always TXT.</param>
/// <param name="Value">The value to publish.</param>
public sealed record DomainVerificationResponse(string RecordName, string RecordType, string Value);
