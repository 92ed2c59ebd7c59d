using BenchmarkDotNet.Attributes;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Rollup;

namespace CityTwin.Benchmarks;

/// <summary>Recomputing a parent from 1,000 children's summaries. Aim: under 20 µs.</summary>
[MemoryDiagnoser]
public class RollupBenchmarks
{
    private RiskSummary[] _children = null!;
    private RiskSummary _previous = null!;
    private readonly RollupParent _parent = new("150602", "东胜区", RollupScope.District);

    [Params(1000)]
    public int Children { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _children = new RiskSummary[Children];
        for (var i = 0; i < Children; i++)
        {
            var roll = random.NextDouble();
            var level = roll < 0.6 ? RiskLevel.Blue : roll < 0.85 ? RiskLevel.Yellow : roll < 0.97 ? RiskLevel.Orange : RiskLevel.Red;
            _children[i] = new RiskSummary
            {
                Code = $"E{i:0000}",
                Name = $"企业{i}",
                Level = level,
                Score = 25 * (int)level + random.NextDouble() * 24,
                Enterprises = ColourCounts.Of(level),
                HazardSources = new ColourCounts(random.Next(3), random.Next(2), random.Next(2), 0),
                Version = 1,
            };
        }
        _previous = RiskRollup.Compute(_parent, _children, RiskRules.Default);
    }

    [Benchmark]
    public RiskSummary Recompute() => RiskRollup.Compute(_parent, _children, RiskRules.Default, _previous);
}
