using CityTwin.Domain.Audit;
using Xunit;

namespace CityTwin.Domain.Tests.Audit;

public class AuditChainTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 19, 3, 12, 0, TimeSpan.Zero);

    private static AuditEvent Event(int i) => new()
    {
        At = T0.AddSeconds(i).AddTicks(1234),
        Actor = $"duty.officer.{i % 3}",
        Role = i % 2 == 0 ? "city-admin" : "scope-supervisor",
        Source = $"ipv4:10.0.0.{i}:5{i:000}",
        Action = "AlarmService/AcknowledgeAlarms",
        Unit = $"hs-150622-000{i % 5}-1",
        UnitPath = $"150600/150622/park-150622-01/ent-150622-000{i % 5}/hs-150622-000{i % 5}-1",
        IdempotencyKey = i % 4 == 0 ? "" : $"key-{i}",
        Summary = $"acknowledged 1 alarm: note 值班 {i}",
    };

    private static List<AuditRecord> Chain(int count)
    {
        var records = new List<AuditRecord>();
        var previous = AuditHash.Genesis;
        for (var i = 1; i <= count; i++)
        {
            records.Add(AuditRecord.Chain(i, Event(i), previous));
            previous = records[^1].Hash;
        }
        return records;
    }

    [Fact]
    public void A_chain_as_written_verifies()
    {
        var chain = AuditChain.Verify(Chain(20));
        Assert.Null(chain.Break);
        Assert.Equal(20, chain.Verified);
        Assert.Equal(Chain(20)[^1].Hash, chain.Head);
    }

    [Fact]
    public void The_hash_is_sha256_of_the_documented_encoding()
    {
        var e = new AuditEvent
        {
            At = DateTimeOffset.FromUnixTimeMilliseconds(1), Actor = "a", Role = "r", Source = "s", Action = "x", Unit = "u",
            UnitPath = "p/u", IdempotencyKey = "", Summary = "", Outcome = "ok",
        };
        // Built by hand from docs/audit.md's description, independently of AuditHash.
        var bytes = new List<byte>("citytwin.audit.v1"u8.ToArray());
        bytes.AddRange([0, 0, 0, 0, 0, 0, 0, 7]);
        bytes.AddRange([0, 0, 0, 0, 0, 0, 0, 1]);
        foreach (var f in new[] { "a", "r", "s", "x", "u", "p/u", "", "", "ok" })
        {
            bytes.AddRange([0, 0, 0, (byte)f.Length]);
            bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(f));
        }
        bytes.AddRange(new byte[32]);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes.ToArray())), AuditHash.Of(7, e, AuditHash.Genesis));
    }

    [Fact]
    public void Times_are_kept_to_whole_milliseconds()
    {
        Assert.Equal(T0.AddSeconds(1), Event(1).At);
    }

    public static TheoryData<string, int> Tamperings()
    {
        var data = new TheoryData<string, int>();
        foreach (var field in new[] { "at", "actor", "role", "source", "action", "unit", "path", "key", "summary", "outcome", "previous", "hash", "sequence" })
            foreach (var at in new[] { 1, 7, 20 })
                // A rehashed last record has nothing after it to contradict it: A_rehashed_last_record_changes_the_head.
                if (!(field == "hash" && at == 20)) data.Add(field, at);
        return data;
    }

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void Tampering_any_field_of_any_record_names_that_record(string field, int sequence)
    {
        var records = Chain(20);
        var r = records[sequence - 1];
        var e = r.Event;
        records[sequence - 1] = field switch
        {
            "at" => r with { Event = e with { At = e.At.AddMilliseconds(1) } },
            "actor" => r with { Event = e with { Actor = e.Actor + "x" } },
            "role" => r with { Event = e with { Role = "auditor" } },
            "source" => r with { Event = e with { Source = "ipv4:6.6.6.6:1" } },
            "action" => r with { Event = e with { Action = "RegistryService/RemoveUnits" } },
            "unit" => r with { Event = e with { Unit = "150622" } },
            "path" => r with { Event = e with { UnitPath = "150600" } },
            "key" => r with { Event = e with { IdempotencyKey = e.IdempotencyKey + "k" } },
            "summary" => r with { Event = e with { Summary = e.Summary + "." } },
            "outcome" => r with { Event = e with { Outcome = "refused" } },
            "previous" => r with { PreviousHash = AuditHash.Genesis.Replace('0', '1') },
            // A forger who rehashes the record itself still breaks the link from the next one.
            "hash" => AuditRecord.Chain(r.Sequence, e with { Summary = "forged" }, r.PreviousHash),
            "sequence" => r with { Sequence = r.Sequence + 100 },
            _ => throw new InvalidOperationException(field),
        };

        var chain = AuditChain.Verify(records);

        Assert.NotNull(chain.Break);
        // A rehashed record is consistent in itself: the next record's link names the break.
        var named = field == "hash" ? sequence + 1 : sequence;
        Assert.Equal(named, chain.Break!.Sequence);
        Assert.Equal(named - 1, chain.Verified);
    }

    [Fact]
    public void A_rehashed_last_record_changes_the_head()
    {
        var records = Chain(20);
        var good = AuditChain.Verify(records).Head;
        records[19] = AuditRecord.Chain(20, records[19].Event with { Summary = "forged" }, records[19].PreviousHash);
        var forged = AuditChain.Verify(records);
        Assert.Null(forged.Break);
        Assert.NotEqual(good, forged.Head);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(19)]
    public void A_deleted_record_is_named_as_a_gap(int sequence)
    {
        var records = Chain(20);
        records.RemoveAt(sequence - 1);
        var chain = AuditChain.Verify(records);
        Assert.Equal(sequence, chain.Break!.Sequence);
        Assert.Contains($"record {sequence} is missing", chain.Break.Problem);
    }

    [Fact]
    public void Deleted_records_in_a_row_are_named_from_the_first()
    {
        var records = Chain(20);
        records.RemoveRange(4, 3);
        var chain = AuditChain.Verify(records);
        Assert.Equal(5, chain.Break!.Sequence);
        Assert.Contains("records 5..7 are missing", chain.Break.Problem);
    }

    [Fact]
    public void Reordered_records_are_named()
    {
        var records = Chain(20);
        (records[10], records[11]) = (records[11], records[10]);
        Assert.Equal(11, AuditChain.Verify(records).Break!.Sequence);

        // Renumbering the swapped records to hide the swap breaks their hashes.
        var renumbered = Chain(20);
        var (a, b) = (renumbered[10], renumbered[11]);
        renumbered[10] = b with { Sequence = 11 };
        renumbered[11] = a with { Sequence = 12 };
        Assert.Equal(11, AuditChain.Verify(renumbered).Break!.Sequence);
    }

    [Fact]
    public void A_repeated_record_is_named()
    {
        var records = Chain(10);
        records.Insert(5, records[4]);
        var chain = AuditChain.Verify(records);
        Assert.Equal(5, chain.Break!.Sequence);
        Assert.Contains("out of order or repeated", chain.Break.Problem);
    }

    [Fact]
    public void A_chain_verifies_in_pieces()
    {
        var records = Chain(30);
        var first = AuditChain.Verify(records.Take(10));
        var rest = new AuditChain(11, first.Head);
        foreach (var r in records.Skip(10)) Assert.True(rest.Add(r));
        Assert.Equal(records[^1].Hash, rest.Head);
    }
}
