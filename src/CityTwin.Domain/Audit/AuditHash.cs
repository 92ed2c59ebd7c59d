using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace CityTwin.Domain.Audit;

/// <summary>
/// The chain's hash: SHA-256 over a canonical encoding of a record (docs/audit.md). The encoding is the ASCII tag
/// <c>citytwin.audit.v1</c>, then the sequence number and the time (Unix milliseconds) as 8-byte big-endian
/// integers, then actor, role, source, action, unit, unit path, idempotency key, summary and outcome, each as a
/// 4-byte big-endian byte length followed by its UTF-8 bytes, then the previous hash's 32 bytes. Length prefixes
/// make the encoding unambiguous (no field can borrow bytes from its neighbour). Hashes are 64 lower-case hex digits.
/// </summary>
public static class AuditHash
{
    private static readonly byte[] Tag = "citytwin.audit.v1"u8.ToArray();

    /// <summary>The "previous hash" of the first record.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Of(long sequence, AuditEvent e, string previousHash)
    {
        var previous = Parse(previousHash);
        using var buffer = new MemoryStream();
        buffer.Write(Tag);
        Int64(buffer, sequence);
        Int64(buffer, e.At.ToUnixTimeMilliseconds());
        Span<byte> length = stackalloc byte[4];
        foreach (var field in (string[])[e.Actor, e.Role, e.Source, e.Action, e.Unit, e.UnitPath, e.IdempotencyKey, e.Summary, e.Outcome])
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }
        buffer.Write(previous);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    /// <summary>True for 64 hex digits (what every stored hash must be).</summary>
    public static bool IsWellFormed(string hash) => hash.Length == 64 && hash.All(Uri.IsHexDigit);

    private static byte[] Parse(string hash) =>
        IsWellFormed(hash) ? Convert.FromHexString(hash) : throw new FormatException($"'{hash}' is not a SHA-256 hash (64 hex digits)");

    private static void Int64(Stream s, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        s.Write(bytes);
    }
}
