using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CityTwin.Grains.Records;

/// <summary>
/// A queue that writers never wait on, drained every <c>every</c> into one write. A write that fails is retried with
/// the same items, backing off, until the database answers again, so a database restart costs nothing; what a crash
/// of this process can lose is what is queued and not yet written.
/// </summary>
internal sealed partial class WriteBehind<T>(string what, TimeSpan every, int maxBatch, ILogger logger)
{
    private readonly Channel<object> _queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private long _backlog;

    /// <summary>Items queued and not yet written.</summary>
    public long Backlog => Interlocked.Read(ref _backlog);

    public void Enqueue(T item)
    {
        Interlocked.Increment(ref _backlog);
        _queue.Writer.TryWrite(item!);
    }

    /// <summary>Completes once everything queued before the call is written.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Writer.TryWrite(done);
        await done.Task.WaitAsync(ct);
    }

    /// <summary>The loop: runs until <paramref name="stopping"/>, then makes one last attempt at what is queued.</summary>
    public async Task RunAsync(Func<IReadOnlyList<T>, CancellationToken, Task> write, CancellationToken stopping)
    {
        var items = new List<T>();
        var waiting = new List<TaskCompletionSource>();
        var failures = 0;
        while (true)
        {
            try
            {
                if (items.Count == 0 && waiting.Count == 0 && !await _queue.Reader.WaitToReadAsync(stopping)) break;
                await Task.Delay(every, stopping);
            }
            catch (OperationCanceledException) { break; }
            Drain(items, waiting);
            try
            {
                if (items.Count > 0) await write(items, stopping);
                Done(items, waiting);
                failures = 0;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException && !stopping.IsCancellationRequested)
            {
                // Keep the items and try again: the database restarting must not cost records.
                if (failures++ % 25 == 0) WriteFailed(logger, items.Count, what, e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 200 * failures)), CancellationToken.None);
            }
            catch (OperationCanceledException) { break; }
        }
        Drain(items, waiting);
        try
        {
            using var last = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            if (items.Count > 0) await write(items, last.Token);
            Done(items, waiting);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            WriteFailed(logger, items.Count, what, e.Message);
        }
    }

    private void Drain(List<T> items, List<TaskCompletionSource> waiting)
    {
        while (items.Count < maxBatch && _queue.Reader.TryRead(out var item))
        {
            if (item is TaskCompletionSource flush) waiting.Add(flush);
            else items.Add((T)item);
        }
    }

    private void Done(List<T> items, List<TaskCompletionSource> waiting)
    {
        Interlocked.Add(ref _backlog, -items.Count);
        items.Clear();
        foreach (var flush in waiting) flush.TrySetResult();
        waiting.Clear();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} {What} to PostgreSQL failed ({Reason}); retrying")]
    private static partial void WriteFailed(ILogger logger, int count, string what, string reason);
}
