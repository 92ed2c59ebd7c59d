namespace CityTwin.Domain.Inspections;

/// <summary>The latest verification of a submitted rectification (§4.3 verifiedBy, verifiedAt, verificationResult).</summary>
public sealed record Verification(string VerifiedBy, DateTimeOffset VerifiedAt, bool Passed, string? Note);
