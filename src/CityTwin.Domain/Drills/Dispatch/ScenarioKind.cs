namespace CityTwin.Domain.Drills.Dispatch;

/// <summary>The scenario families of DOMAIN.md §8.1.</summary>
public enum ScenarioKind { ToxicRelease, Fire, Explosion, MineAccident }
