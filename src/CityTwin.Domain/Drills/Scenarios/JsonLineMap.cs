using System.Text.Json;

namespace CityTwin.Domain.Drills.Scenarios;

/// <summary>
/// The line (1-based) of every property and array element of a JSON text, keyed by its path
/// (<c>event.material</c>, <c>injects[2].readings[0].value</c>), read with <see cref="Utf8JsonReader"/> so that
/// problems found later on the parsed values can still name their line.
/// </summary>
public sealed class JsonLineMap
{
    public static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 32 };

    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    /// <summary>The line of <paramref name="path"/>, else of its nearest recorded ancestor, else 1.</summary>
    public int LineOf(string path)
    {
        while (true)
        {
            if (_lines.TryGetValue(path, out var line)) return line;
            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            if (cut <= 0) return _lines.GetValueOrDefault("", 1);
            path = path[..cut];
        }
    }

    /// <summary>Builds the map; throws <see cref="JsonException"/> (with its line) on malformed JSON.</summary>
    public static JsonLineMap Build(ReadOnlySpan<byte> utf8)
    {
        var newlines = new List<long>();
        for (var i = 0; i < utf8.Length; i++) if (utf8[i] == (byte)'\n') newlines.Add(i);
        int Line(long offset)
        {
            var at = newlines.BinarySearch(offset);
            return (at < 0 ? ~at : at) + 1;
        }

        var map = new JsonLineMap();
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        // Each open container: its path, and for arrays the next element index.
        var stack = new Stack<(string Path, bool IsArray, int Next)>();
        string? property = null;

        string ValuePath()
        {
            if (stack.Count == 0) return "";
            var (path, isArray, next) = stack.Pop();
            string child;
            if (isArray)
            {
                child = $"{path}[{next}]";
                stack.Push((path, true, next + 1));
            }
            else
            {
                child = path.Length == 0 ? property ?? "" : $"{path}.{property}";
                stack.Push((path, false, next));
            }
            return child;
        }

        while (reader.Read())
        {
            var line = Line(reader.TokenStartIndex);
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    var top = stack.Peek();
                    map._lines.TryAdd(top.Path.Length == 0 ? property! : $"{top.Path}.{property}", line);
                    break;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    var path = ValuePath();
                    map._lines.TryAdd(path, line);
                    stack.Push((path, reader.TokenType == JsonTokenType.StartArray, 0));
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    stack.Pop();
                    break;
                default:
                    map._lines.TryAdd(ValuePath(), line);
                    break;
            }
        }
        return map;
    }
}
