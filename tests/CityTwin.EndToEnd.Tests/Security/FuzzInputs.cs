using CityTwin.Protos.V1;
using Google.Protobuf;

namespace CityTwin.EndToEnd.Tests.Security;

/// <summary>
/// Hostile request messages from a seeded <see cref="Random"/>: well-formed messages with random and edge-case
/// field values, and byte-level mutations of valid messages (bit flips, truncation, insertion, duplication,
/// splices), which are often not valid protobuf at all.
/// </summary>
public sealed class FuzzInputs(Random random)
{
    private static readonly string[] Strings =
    [
        "", "/", "//", "150600", "150600/", "/150600", "150600//150622", "150600/150622", "150622", "ent-150622-0001",
        "hs-150622-0001-1", "../../etc/passwd", "\0", "a\0b", "-", ".", "_x", "a b", "鄂尔多斯", "\uFFFD", new string('a', 65),
        new string('9', 10_000), "hazchem", "coal", "emergency", "HAZCHEM", "sector:hazchem", "null", "true", "NaN", "-1", "1e400",
        "{", "}", "[]", "{}", "\"", "\\", "%s%n", "<script>", "'; DROP TABLE units; --", "\u202E", "\uD83D\uDE00",
    ];

    private static readonly string[] Json =
    [
        """{"type":"Polygon","coordinates":[[[109,39],[111,39],[111,41],[109,41],[109,39]]]}""",
        """{"type":"Polygon","coordinates":[[[0,0],[1,1],[0,0]]]}""",
        """{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}""",
        """{"type":"Point","coordinates":[109.9,39.8]}""",
        """{"type":"MultiPolygon","coordinates":[]}""",
        """{"type":"Polygon","coordinates":[[[1e308,1e308],[-1e308,1e308],[0,0],[1e308,1e308]]]}""",
        """{"type":"Polygon","coordinates":"x"}""",
        """{"type":"Feature","geometry":null,"properties":{"code":"x","kind":"city","name":"c"}}""",
        """{"type":"Feature","geometry":{"type":"Point","coordinates":[109.9,39.8]},"properties":{"code":"team-fuzz","kind":"rescue-team","name":"t","parent":"150622","status":"available"}}""",
        """{"type":"Feature","geometry":{"type":"Point","coordinates":[109.9,39.8]},"properties":{"code":"150600","kind":"city","name":"c","parent":"150600"}}""",
        """{"type":"Feature","geometry":{"type":"Point","coordinates":[109.9,39.8]},"properties":{"code":"hs-x","kind":"hazard-source","name":"h","parent":"ent-150622-0001","details":{"inventory":[{"chemical":"氯","quantityT":-1}],"sensors":[{"code":"s","kind":"gas","rangeMin":5,"rangeMax":1}]}}}""",
        new string('[', 5_000) + new string(']', 5_000),
        "{\"type\":\"Polygon\",\"coordinates\":" + new string('[', 200) + new string(']', 200) + "}",
        "not json at all",
    ];

    private static readonly double[] Doubles = [0, -0.0, 1, -1, 180, -180, 90, -90, 180.0000001, 1e308, -1e308, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, 109.9, 39.8];
    private static readonly int[] Ints = [0, 1, -1, 100, 10_000, 10_001, int.MaxValue, int.MinValue];

    private string AnyString() => random.Next(4) switch
    {
        0 => Strings[random.Next(Strings.Length)],
        1 => Json[random.Next(Json.Length)],
        2 => RandomText(random.Next(0, 80)),
        _ => Strings[random.Next(Strings.Length)] + "/" + Strings[random.Next(Strings.Length)],
    };

    private string RandomText(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++) chars[i] = (char)(random.Next(3) == 0 ? random.Next(0x20, 0x7F) : random.Next(0, 0xD7FF));
        return new string(chars);
    }

    private string AnyDrillId() => random.Next(3) == 0 ? $"drill-{random.NextInt64(0, 1L << 48):x12}" : AnyString();

    private double AnyDouble() => random.Next(3) == 0 ? (random.NextDouble() - 0.5) * 400 : Doubles[random.Next(Doubles.Length)];
    private int AnyInt() => random.Next(2) == 0 ? random.Next(-5, 20_000) : Ints[random.Next(Ints.Length)];

    /// <summary>A message for the RPC with random, often absurd, field values.</summary>
    public IMessage Structured(string rpc, IReadOnlyList<string> features) => rpc switch
    {
        "GetUnit" => new GetUnitRequest { Code = AnyString() },
        "ListChildren" => new ListChildrenRequest { Code = AnyString(), PageSize = AnyInt(), PageToken = random.Next(3) == 0 ? AnyString() : "" },
        "FindUnits" => Find(),
        "UpsertUnits" => new UpsertUnitsRequest { Features = { Enumerable.Range(0, random.Next(0, 4)).Select(_ => random.Next(3) == 0 ? AnyString() : MutateText(features[random.Next(features.Count)])) } },
        "RemoveUnits" => new RemoveUnitsRequest { Codes = { Enumerable.Range(0, random.Next(0, 4)).Select(_ => "fuzz-" + AnyString()) } },
        "GetLevel" => new GetLevelRequest { Code = random.Next(3) == 0 ? $"{Strings[random.Next(Strings.Length)]}.{AnyString()}" : AnyString() },
        "TopUnits" => new TopUnitsRequest { Kind = (UnitKind)random.Next(-2, 10), PathPrefix = random.Next(2) == 0 ? AnyString() : "", MinLevel = (RiskLevel)random.Next(-2, 7), Limit = AnyInt() },
        "Watch" => new WatchRequest
        {
            PathPrefix = random.Next(3) == 0 ? AnyString() : Identities.PathOf(Identities.Enterprise), Sector = random.Next(4) == 0 ? AnyString() : "",
            MinLevel = (RiskLevel)random.Next(-2, 7), ResumeToken = random.Next(3) == 0 ? AnyString() : "", Kinds = { (UnitKind)random.Next(-1, 9) },
        },
        "CheckInvariant" => new CheckInvariantRequest { Scope = random.Next(4) == 0 ? Identities.Enterprise : AnyString() },
        "StreamReadings" => Batch((ulong)random.NextInt64(), random.Next(2) == 0 ? $"hs-150622-0001-{random.Next(1, 4)}.GT-0{random.Next(1, 4)}" : AnyString(),
            AnyDouble(), random.Next(3) switch { 0 => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - random.Next(0, 1_000_000), 1 => random.NextInt64(long.MinValue, long.MaxValue), _ => AnyInt() },
            (ulong)random.NextInt64(), random.Next(10) == 0),
        "GetSensorWindow" => new GetSensorWindowRequest { Sensor = random.Next(2) == 0 ? $"{Identities.HazardSource}.GT-0{random.Next(1, 4)}" : AnyString() },
        "GetLevelHistory" => new GetLevelHistoryRequest
        {
            Code = random.Next(3) == 0 ? Identities.Enterprise : AnyString(), Limit = AnyInt(),
            From = random.Next(3) == 0 ? Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddSeconds(random.Next())) : null,
        },
        "ListAlarms" => new ListAlarmsRequest { PathPrefix = random.Next(2) == 0 ? AnyString() : "", Limit = AnyInt() },
        "AcknowledgeAlarms" => new AcknowledgeAlarmsRequest
        {
            Ids = { Enumerable.Range(0, random.Next(0, 3)).Select(_ => random.Next(2) == 0 ? $"{Identities.HazardSource}/{AnyString()}/{AnyInt()}" : AnyString()) },
            Note = random.Next(4) == 0 ? new string('x', random.Next(0, 1_000)) : AnyString(),
        },
        "GetReadings" => new GetReadingsRequest
        {
            Sensor = random.Next(2) == 0 ? $"{Identities.HazardSource}.GT-0{random.Next(1, 4)}" : AnyString(), Limit = AnyInt(),
            From = random.Next(2) == 0 ? Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddSeconds(random.Next())) : null,
        },
        "GetSeries" => new GetSeriesRequest
        {
            Sensor = random.Next(2) == 0 ? $"{Identities.HazardSource}.GT-01" : AnyString(), BucketSeconds = AnyInt(),
            To = random.Next(2) == 0 ? Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddSeconds(random.Next())) : null,
        },
        "GetAlarmStats" => new AlarmStatsRequest { PathPrefix = random.Next(2) == 0 ? AnyString() : "", FromDay = random.Next(2) == 0 ? AnyString() : "2026-11-01", ToDay = random.Next(2) == 0 ? AnyString() : "" },
        "ValidateScenario" => new ValidateScenarioRequest { ScenarioJson = random.Next(2) == 0 ? MutateText(DrillCalls.Scenario) : AnyString() },
        "StartDrill" => new StartDrillRequest { ScenarioJson = random.Next(2) == 0 ? MutateText(DrillCalls.Scenario) : AnyString(), RunToEnd = random.Next(2) == 0, AsOf = random.Next(3) == 0 ? AnyString() : "" },
        "StepDrill" => new StepDrillRequest { DrillId = AnyDrillId(), Steps = AnyInt() },
        "GetDrill" => new DrillRef { DrillId = AnyDrillId() },
        "ListDrills" => new ListDrillsRequest { State = random.Next(3) == 0 ? "running" : AnyString(), PageSize = AnyInt(), PageToken = random.Next(2) == 0 ? $"{random.NextInt64()}.{AnyDrillId()}" : AnyString() },
        "GetDrillReport" => new DrillRef { DrillId = AnyDrillId() },
        "WatchDrill" => new WatchDrillRequest { DrillId = AnyDrillId(), FromIndex = AnyInt() },
        "DeleteDrill" => new DrillRef { DrillId = AnyDrillId() },
        "ReportHiddenDanger" => Report(),
        "TransitionHiddenDanger" => Transition(),
        "SignHiddenDanger" => new SignHiddenDangerRequest { IdempotencyKey = AnyString(), EnterpriseCode = Enterprise(), Id = DangerId(), Level = AnyInt(), Comment = AnyString() },
        "GetHiddenDanger" => new GetHiddenDangerRequest { EnterpriseCode = Enterprise(), Id = DangerId() },
        "ListHiddenDangers" => new ListHiddenDangersRequest
        {
            PathPrefix = random.Next(2) == 0 ? AnyString() : "", EnterpriseCode = random.Next(3) == 0 ? Enterprise() : "", States = { (HiddenDangerState)random.Next(-1, 9) },
            Level = (HiddenDangerLevel)random.Next(-1, 4), OverdueOnly = random.Next(2) == 0, PageSize = AnyInt(),
        },
        "GetHiddenDangerStats" => new HiddenDangerStatsRequest { PathPrefix = ScopePath(), By = (StatsGrouping)random.Next(-1, 5) },
        "PlanInspections" => new PlanInspectionsRequest { PathPrefix = ScopePath(), From = AnyDate(), To = random.Next(2) == 0 ? AnyDate() : "2027-03-31", Seed = AnyInt() },
        "ListAuditRecords" => new ListAuditRecordsRequest
        {
            Scope = random.Next(2) == 0 ? AnyString() : "", Unit = random.Next(3) == 0 ? AnyString() : "", Actor = random.Next(3) == 0 ? AnyString() : "",
            Action = random.Next(3) == 0 ? AnyString() : "", AfterSequence = random.Next(2) == 0 ? random.NextInt64(long.MinValue, long.MaxValue) : AnyInt(), PageSize = AnyInt(),
            From = random.Next(3) == 0 ? new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = random.NextInt64(long.MinValue, long.MaxValue), Nanos = AnyInt() } : null,
            To = random.Next(3) == 0 ? Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddSeconds(random.Next())) : null,
        },
        "ReadAuditChain" => new ReadAuditChainRequest { FromSequence = random.Next(2) == 0 ? random.NextInt64(long.MinValue, long.MaxValue) : AnyInt() },
        "ListWarnings" => new ListWarningsRequest
        {
            PathPrefix = random.Next(2) == 0 ? AnyString() : "", EnterpriseCode = random.Next(3) == 0 ? Enterprise() : "", States = { (WarningState)random.Next(-1, 6) },
            Level = (RiskLevel)random.Next(-1, 6), PageSize = AnyInt(),
        },
        "GetWarning" => new GetWarningRequest { EnterpriseCode = Enterprise(), Id = WarningId() },
        "GetWarningStats" => new GetWarningStatsRequest { PathPrefix = random.Next(2) == 0 ? AnyString() : "" },
        "AnswerWarning" => new AnswerWarningRequest { IdempotencyKey = AnyString(), EnterpriseCode = Enterprise(), Id = WarningId(), Cause = AnyString(), Measures = AnyString() },
        "VerifyWarning" => new VerifyWarningRequest { IdempotencyKey = AnyString(), EnterpriseCode = Enterprise(), Id = WarningId(), Passed = random.Next(2) == 0, Note = AnyString() },
        "SubmitCommitment" => new SubmitCommitmentRequest
        {
            IdempotencyKey = AnyString(), EnterpriseCode = Enterprise(), Day = random.Next(2) == 0 ? AnyDate() : "", MajorHazardsUnderControl = random.Next(2) == 0, Note = AnyString(),
            Units = { Enumerable.Range(0, random.Next(0, 3)).Select(_ => new UnitOperatingState { UnitCode = random.Next(2) == 0 ? Identities.HazardSource : AnyString(), State = (OperatingState)random.Next(-1, 7) }) },
            Operations = { Enumerable.Range(0, random.Next(0, 3)).Select(_ => new PlannedOperation
            {
                Kind = (SpecialOperationKind)random.Next(-1, 7), HazardSourceCode = random.Next(2) == 0 ? Identities.HazardSource : AnyString(), Count = AnyInt(), PermitId = AnyString(),
            }) },
        },
        "GetCommitment" => new GetCommitmentRequest { EnterpriseCode = Enterprise(), Day = random.Next(2) == 0 ? AnyDate() : "" },
        "ListCommitments" => new ListCommitmentsRequest { PathPrefix = random.Next(2) == 0 ? AnyString() : "", Day = random.Next(2) == 0 ? AnyDate() : "", PageSize = AnyInt() },
        "LoadBundle" => new BundleChunk { File = random.Next(2) == 0 ? "units.geojson" : AnyString(), Data = ByteString.CopyFromUtf8(random.Next(2) == 0 ? AnyString() : features[random.Next(features.Count)]), DryRun = true },
        _ => throw new ArgumentException(rpc),
    };

    /// <summary>A scope for statistics and plans: the banner (a real gather), junk, or the whole city now and then.</summary>
    private string ScopePath() => random.Next(4) switch { 0 or 1 => Identities.BannerPath, 2 => AnyString(), _ => "" };

    private string Enterprise() => random.Next(2) == 0 ? Identities.Enterprise : AnyString();

    private string WarningId() => random.Next(2) == 0 ? "w-1" : AnyString();

    private string DangerId() => random.Next(2) == 0 ? "hd-fuzz-1" : AnyString();

    private string AnyDate() => random.Next(3) switch { 0 => "2026-12-31", 1 => "1999-02-30", _ => AnyString() };

    private ReportHiddenDangerRequest Report()
    {
        var r = new ReportHiddenDangerRequest
        {
            IdempotencyKey = AnyString(), Id = random.Next(3) == 0 ? $"hd-fuzz-{random.Next(1000)}" : AnyString(), EnterpriseCode = Enterprise(),
            Level = (HiddenDangerLevel)random.Next(-1, 4), Source = (FindingSource)random.Next(-1, 6), Location = AnyString(), Description = AnyString(),
            Category = (HazardCategory)random.Next(-1, 6), HazardSourceCode = random.Next(3) == 0 ? AnyString() : "", CriterionCode = random.Next(2) == 0 ? AnyString() : "HC2017-05",
            InterimMeasures = AnyString(), ReportedTo = AnyString(), Photos = { Enumerable.Range(0, random.Next(0, 3)).Select(_ => AnyString()) },
        };
        if (random.Next(3) == 0) { r.Longitude = AnyDouble(); r.Latitude = AnyDouble(); }
        if (random.Next(3) == 0) r.FoundAt = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = random.NextInt64(long.MinValue, long.MaxValue), Nanos = AnyInt() };
        return r;
    }

    private RectificationPlan Plan()
    {
        var p = new RectificationPlan { Objective = AnyString(), Measures = AnyString(), ResponsibleOrganisation = AnyString(), ResponsiblePerson = AnyString(), Deadline = AnyDate() };
        if (random.Next(2) == 0) p.Funds = AnyDouble();
        return p;
    }

    private TransitionHiddenDangerRequest Transition()
    {
        var t = new TransitionHiddenDangerRequest { IdempotencyKey = AnyString(), EnterpriseCode = Enterprise(), Id = DangerId() };
        switch (random.Next(7))
        {
            case 0: t.Grade = new GradeStep { Level = (HiddenDangerLevel)random.Next(-1, 4), ResponsiblePerson = AnyString(), CriterionCode = AnyString(), Deadline = AnyDate(), Plan = random.Next(2) == 0 ? Plan() : null, StopWork = (StopWork)random.Next(-1, 4) }; break;
            case 1: t.Start = new StartStep { Plan = random.Next(2) == 0 ? Plan() : null }; break;
            case 2: t.Submit = new SubmitStep { Evidence = { Enumerable.Range(0, random.Next(0, 3)).Select(_ => AnyString()) }, Note = AnyString() }; break;
            case 3: t.Verify = new VerifyStep { Passed = random.Next(2) == 0, Note = AnyString() }; break;
            case 4: t.Reject = new RejectStep { Reason = AnyString() }; break;
            case 5: t.Reopen = new ReopenStep { Reason = AnyString(), Deadline = AnyDate() }; break;
            default: break; // no step at all
        }
        return t;
    }

    public static ReadingBatch Batch(ulong id, string sensor, double value, long eventTimeMs, ulong sequence, bool fault = false) =>
        new() { BatchId = id, Readings = { new Reading { Sensor = sensor, Value = value, EventTimeMs = eventTimeMs, Sequence = sequence, Fault = fault } } };

    private FindUnitsRequest Find()
    {
        var request = new FindUnitsRequest { PageSize = AnyInt() };
        if (random.Next(2) == 0) request.Kinds.Add((UnitKind)random.Next(-2, 10));
        if (random.Next(3) == 0) request.Sector = AnyString();
        if (random.Next(3) == 0) request.Department = AnyString();
        if (random.Next(3) == 0) request.PathPrefix = AnyString();
        if (random.Next(4) == 0) request.PageToken = AnyString();
        if (random.Next(3) == 0) request.Bbox = new BoundingBox { MinLongitude = AnyDouble(), MinLatitude = AnyDouble(), MaxLongitude = AnyDouble(), MaxLatitude = AnyDouble() };
        if (random.Next(3) == 0) request.PolygonGeojson = random.Next(2) == 0 ? Json[random.Next(Json.Length)] : MutateText(Json[random.Next(Json.Length)]);
        return request;
    }

    private string MutateText(string text)
    {
        if (text.Length == 0) return AnyString();
        var i = random.Next(text.Length);
        return random.Next(5) switch
        {
            0 => text[..i],
            1 => text.Remove(i, Math.Min(text.Length - i, random.Next(1, 20))),
            2 => text.Insert(i, AnyString()),
            3 => text.Replace("\"", random.Next(2) == 0 ? "'" : "\"\""),
            _ => text.Replace(text[i].ToString(), ((char)random.Next(0x20, 0x7F)).ToString()),
        };
    }

    /// <summary>A byte-level mutation of an encoded message: usually not valid protobuf.</summary>
    public byte[] Mutate(byte[] message, byte[] other)
    {
        var bytes = new List<byte>(message);
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0 when bytes.Count > 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1 when bytes.Count > 0: bytes[at] = (byte)random.Next(256); break;
                case 2: bytes.RemoveRange(at, bytes.Count - at); break;
                case 3: bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 16)).Select(_ => (byte)random.Next(256))); break;
                case 4 when bytes.Count > 0: bytes.InsertRange(at, bytes.GetRange(at, Math.Min(bytes.Count - at, random.Next(1, 64)))); break;
                case 5: bytes.InsertRange(at, other.Take(random.Next(other.Length + 1))); break;
                // A field tag with an absurd length prefix or wire type.
                default: bytes.InsertRange(at, [(byte)random.Next(256), 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]); break;
            }
        }
        return [.. bytes];
    }
}
