using System.Collections.Concurrent;
using CityTwin.Abstractions.Audit;
using CityTwin.Abstractions.Records;
using CityTwin.Abstractions.Registry;
using CityTwin.Domain.Audit;
using CityTwin.Domain.Units;
using CityTwin.Server.Security;
using Google.Protobuf;
using Grpc.Core;

namespace CityTwin.Server.Audit;

/// <summary>
/// Appends the audit record of an action that succeeded, before the call returns (docs/audit.md). When the append
/// fails the action stands but the call fails UNAVAILABLE; the record (and the response) wait here, on this silo,
/// under the call's idempotency key, so a retry with the same key appends the record and returns the original
/// response without repeating the action.
/// </summary>
public sealed class AuditRecorder(IAuditTrail trail, RegistryClient registry, TimeProvider time)
{
    /// <summary>The unit code meaning "the whole city" (a bundle load): recorded as the registry's city.</summary>
    public const string City = "";

    /// <summary>How many unaudited actions one silo keeps for their retries; beyond it a retry repeats the action.</summary>
    public const int MaxPending = 10_000;

    private readonly ConcurrentDictionary<(string Actor, string Action, string Key), (AuditEvent Event, IMessage Response)> _pending = new();

    /// <summary>Paths of units looked up before the call (they may be gone after it).</summary>
    public async Task<IReadOnlyDictionary<string, string>> PathsBeforeAsync(AuditedRpc rpc, IMessage request)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        if (rpc.UnitsBefore is null) return paths;
        foreach (var code in rpc.UnitsBefore(request).Distinct(StringComparer.Ordinal).Take(1000))
            if (await registry.EntryAsync(code) is { } entry) paths[code] = entry.Path;
        return paths;
    }

    /// <summary>The response of an action that succeeded but was not audited, if this call retries it; its record is appended first.</summary>
    public async Task<IMessage?> CompletePendingAsync(Caller caller, string action, string key)
    {
        if (key.Length == 0 || !_pending.TryGetValue((caller.Subject, action, key), out var pending)) return null;
        await AppendOrFailAsync(pending.Event, pending.Response);
        _pending.TryRemove((caller.Subject, action, key), out _);
        return pending.Response;
    }

    /// <summary>Appends the record of a call that succeeded; throws <see cref="RecordsUnavailableException"/> saying the action stands unaudited.</summary>
    public async Task RecordAsync(AuditedRpc rpc, string action, IMessage request, IMessage response, IReadOnlyDictionary<string, string> pathsBefore, ServerCallContext context, Caller caller)
    {
        if (rpc.Facts(request, response) is not { } facts) return;
        var (unit, path) = await UnitOfAsync(facts.Units, pathsBefore);
        var e = new AuditEvent
        {
            At = time.GetUtcNow(), Actor = caller.Subject, Role = caller.Role.Name, Source = context.Peer ?? "", Action = action,
            Unit = unit, UnitPath = path, IdempotencyKey = rpc.Key(request), Summary = facts.Summary,
        };
        await AppendOrFailAsync(e, response);
    }

    private async Task AppendOrFailAsync(AuditEvent e, IMessage response)
    {
        try
        {
            await trail.AppendAsync(e, CancellationToken.None);
        }
        catch (Exception x) when (x is RecordsUnavailableException or StorageUnavailableException || StorageFailures.Find(x) is not null)
        {
            string retry;
            if (e.IdempotencyKey.Length == 0)
                retry = "the call had no idempotency key, so a retry would do it again: check its effect before retrying";
            else
            {
                if (_pending.Count < MaxPending) _pending[(e.Actor, e.Action, e.IdempotencyKey)] = (e, response);
                retry = $"retry with the same idempotency key '{e.IdempotencyKey}' to complete the audit without repeating the action";
            }
            throw new RecordsUnavailableException($"{e.Action} was applied but not audited (the audit trail did not answer: {x.Message}); {retry}");
        }
    }

    /// <summary>The unit of a record: the one acted on, or for several their lowest common ancestor.</summary>
    private async Task<(string Unit, string Path)> UnitOfAsync(IReadOnlyList<AuditUnit> units, IReadOnlyDictionary<string, string> pathsBefore)
    {
        var paths = new List<string>();
        foreach (var u in units.DistinctBy(u => u.Code).Take(1000))
            paths.Add(u.Path is { Length: > 0 } known ? known
                : pathsBefore.TryGetValue(u.Code, out var before) ? before
                : u.Code == City ? await CityAsync()
                : (await registry.EntryAsync(u.Code))?.Path ?? u.Code);
        if (paths.Count == 0) return ("", "");
        var common = UnitPath.Codes(paths[0]).ToList();
        foreach (var codes in paths.Skip(1).Select(UnitPath.Codes))
        {
            var n = 0;
            while (n < common.Count && n < codes.Length && common[n] == codes[n]) n++;
            common.RemoveRange(n, common.Count - n);
        }
        return common.Count == 0 ? ("", "") : (common[^1], string.Join(UnitPath.Separator, common));
    }

    private async Task<string> CityAsync()
    {
        var page = await registry.FindAsync(new UnitQuery { Kinds = [UnitKind.City] }, null, 1);
        return page.Entries.Count > 0 ? page.Entries[0].Path : "";
    }
}
