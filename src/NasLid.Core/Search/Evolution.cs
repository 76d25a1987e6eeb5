namespace NasLid.Core.Search;

/// <summary>
/// Settings of the evolutionary search (SPEC.md §5, the reference values as defaults). Each generation after
/// the first is MutationChildren + CrossoverChildren children of the top ParentFraction, and random candidates
/// for the rest of the population; parents are not carried over as such (the best ever evaluated is kept in the
/// result). Generations counts populations, the random first one included.
/// </summary>
public sealed record EvolutionOptions(
    int Population = 50,
    int Generations = 50,
    double ParentFraction = 0.2,
    int MutationChildren = 20,
    int CrossoverChildren = 20,
    double MutationProbability = 0.1,
    double CrossoverProbability = 0.1,
    int AttemptsPerChild = 100);

/// <summary>An evaluated candidate: its architecture, the index of its sub-supernet mask, and its fitness (accuracy).</summary>
public sealed record Candidate(Architecture Architecture, int MaskIndex, double Fitness);

/// <summary>One generation's population statistics for the accuracy-per-generation plot (paper Fig. 5). Std is the population std (1/N).</summary>
public sealed record GenerationRecord(int Generation, double Mean, double Std, double Best, IReadOnlyList<int> BestOps, int BestMask);

/// <summary>The best candidate ever evaluated, the last population, the history, and how many distinct architectures were evaluated.</summary>
public sealed record EvolutionResult(Candidate Best, IReadOnlyList<Candidate> FinalPopulation, IReadOnlyList<GenerationRecord> History, int Evaluations);

/// <summary>
/// Evolutionary search over the union of sub-supernets (SPEC.md §5). A candidate belongs to the first mask that
/// contains it and is evaluated with that sub-supernet's weights through the fitness callback; evaluations are
/// cached by architecture. Generation 0 is random; each later one is bred from the previous one's top
/// parents. A population never holds duplicates, and a child always differs from its parent(s).
/// The search is deterministic for a given seed, so a resumed run that passes the evaluations recorded so far
/// replays the same generations without evaluating anything twice.
/// </summary>
public sealed class Evolution
{
    readonly IReadOnlyList<SupernetMask> _masks;
    readonly Func<Architecture, int, double> _fitness;
    readonly EvolutionOptions _options;
    readonly Rng _rng;
    readonly Dictionary<Architecture, Candidate> _cache = [];

    /// <param name="fitness">Accuracy of an architecture evaluated with the weights of sub-supernet maskIndex.</param>
    /// <param name="evaluated">Evaluations already made (from a previous, interrupted run's records).</param>
    public Evolution(IReadOnlyList<SupernetMask> masks, Func<Architecture, int, double> fitness, EvolutionOptions options, Rng rng,
        IEnumerable<Candidate>? evaluated = null)
    {
        if (masks.Count == 0) throw new NasLidException("evolution needs at least one sub-supernet mask");
        if (masks.Any(m => m.LayerCount != masks[0].LayerCount))
            throw new NasLidException("evolution masks disagree on the number of layers");
        if (options.Population < 2 || options.Generations < 1 || options.ParentFraction is <= 0 or > 1
            || options.MutationChildren < 0 || options.CrossoverChildren < 0
            || options.MutationChildren + options.CrossoverChildren > options.Population || options.AttemptsPerChild < 1)
            throw new NasLidException($"invalid evolution options {options}: need population ≥ 2, generations ≥ 1, parent fraction in (0, 1], children ≥ 0 and at most the population");
        double spaceSize = masks.Sum(m => Enumerable.Range(0, m.LayerCount).Aggregate(1.0, (size, l) => size * m.EnabledOps(l).Count));
        if (spaceSize < options.Population)
            throw new NasLidException($"the sub-supernets hold at most {spaceSize} architectures, fewer than the population of {options.Population}");
        (_masks, _fitness, _options, _rng) = (masks, fitness, options, rng);
        foreach (var candidate in evaluated ?? [])
        {
            if (MaskIndexOf(candidate.Architecture, masks) != candidate.MaskIndex || !double.IsFinite(candidate.Fitness))
                throw new NasLidException($"recorded evaluation of {candidate.Architecture} (sub-supernet {candidate.MaskIndex}, fitness {candidate.Fitness}) does not fit these sub-supernets");
            _cache[candidate.Architecture] = candidate;
        }
    }

    /// <param name="onGeneration">Called with each generation's index and population, e.g. to record or checkpoint it.</param>
    public EvolutionResult Run(Action<int, IReadOnlyList<Candidate>>? onGeneration = null)
    {
        var history = new List<GenerationRecord>();
        var population = Fill([], _options.Population);
        for (int generation = 0; ; generation++)
        {
            history.Add(Record(generation, population));
            onGeneration?.Invoke(generation, population);
            if (generation == _options.Generations - 1) break;
            population = Breed(population);
        }
        var best = _cache.Values.OrderByDescending(c => c.Fitness).ThenBy(c => c.Architecture.IndexKey, StringComparer.Ordinal).First();
        return new EvolutionResult(best, population, history, _cache.Count);
    }

    List<Candidate> Breed(List<Candidate> population)
    {
        var parents = Ranked(population).Take(Math.Max(2, (int)Math.Round(_options.ParentFraction * population.Count))).ToList();
        var next = new List<Candidate>();
        var taken = new HashSet<Architecture>();
        void Add(Candidate c) { next.Add(c); taken.Add(c.Architecture); }

        for (int i = 0; i < _options.MutationChildren; i++)
            if (TryChild(() =>
                {
                    var parent = _rng.Pick(parents);
                    var child = Mutate(parent.Architecture, _masks[parent.MaskIndex], _options.MutationProbability, _rng);
                    return child.Equals(parent.Architecture) ? null : child;
                }, taken) is { } c) Add(c);

        for (int i = 0; i < _options.CrossoverChildren; i++)
            if (TryChild(() =>
                {
                    int a = _rng.Next(parents.Count), b = _rng.Next(parents.Count - 1);
                    if (b >= a) b++;
                    var child = Crossover(parents[a].Architecture, parents[b].Architecture, _options.CrossoverProbability, _rng);
                    return child.Equals(parents[a].Architecture) || child.Equals(parents[b].Architecture) || MaskIndexOf(child, _masks) < 0 ? null : child;
                }, taken) is { } c) Add(c);

        return Fill(next, _options.Population);
    }

    /// <summary>A new child from the operator, retried while it is rejected or already taken; null if every attempt fails.</summary>
    Candidate? TryChild(Func<Architecture?> make, HashSet<Architecture> taken)
    {
        for (int attempt = 0; attempt < _options.AttemptsPerChild; attempt++)
            if (make() is { } child && !taken.Contains(child))
                return Evaluate(child);
        return null;
    }

    /// <summary>Tops the population up with random candidates: a uniformly chosen mask, then a uniform op per layer.</summary>
    List<Candidate> Fill(List<Candidate> population, int size)
    {
        var taken = population.Select(c => c.Architecture).ToHashSet();
        for (long attempt = 0; population.Count < size; attempt++)
        {
            if (attempt > 1000L * size)
                throw new NasLidException($"could not find {size} distinct architectures in the sub-supernets after {attempt} random draws");
            var mask = _rng.Pick(_masks);
            var architecture = RandomArchitecture(mask, _rng);
            if (taken.Add(architecture)) population.Add(Evaluate(architecture));
        }
        return population;
    }

    Candidate Evaluate(Architecture architecture)
    {
        if (_cache.TryGetValue(architecture, out var cached)) return cached;
        int mask = MaskIndexOf(architecture, _masks);
        double fitness = _fitness(architecture, mask);
        if (!double.IsFinite(fitness))
            throw new NasLidException($"fitness of architecture {architecture} (sub-supernet {mask}) is {fitness}; it must be finite");
        return _cache[architecture] = new Candidate(architecture, mask, fitness);
    }

    static IEnumerable<Candidate> Ranked(IEnumerable<Candidate> population) =>
        population.OrderByDescending(c => c.Fitness).ThenBy(c => c.Architecture.IndexKey, StringComparer.Ordinal);

    static GenerationRecord Record(int generation, List<Candidate> population)
    {
        double mean = population.Average(c => c.Fitness);
        double std = Math.Sqrt(population.Average(c => (c.Fitness - mean) * (c.Fitness - mean)));
        var best = Ranked(population).First();
        return new GenerationRecord(generation, mean, std, best.Fitness, best.Architecture.Ops, best.MaskIndex);
    }

    /// <summary>Index of the first mask containing the architecture, or −1.</summary>
    public static int MaskIndexOf(Architecture architecture, IReadOnlyList<SupernetMask> masks)
    {
        for (int i = 0; i < masks.Count; i++)
            if (masks[i].Contains(architecture)) return i;
        return -1;
    }

    public static Architecture RandomArchitecture(SupernetMask mask, Rng rng) =>
        new(Enumerable.Range(0, mask.LayerCount).Select(l => rng.Pick(mask.EnabledOps(l))));

    /// <summary>Each layer, with probability p, flips to another op enabled in the mask; a layer with one enabled op stays.</summary>
    public static Architecture Mutate(Architecture parent, SupernetMask mask, double p, Rng rng)
    {
        var ops = parent.Ops.ToArray();
        for (int l = 0; l < ops.Length; l++)
        {
            if (rng.NextDouble() >= p) continue;
            var others = mask.EnabledOps(l).Where(o => o != ops[l]).ToList();
            if (others.Count > 0) ops[l] = rng.Pick(others);
        }
        return new Architecture(ops);
    }

    /// <summary>A copy of the first parent whose layers each take the second parent's op with probability p.</summary>
    public static Architecture Crossover(Architecture first, Architecture second, double p, Rng rng) =>
        new(first.Ops.Select((op, l) => rng.NextDouble() < p ? second[l] : op).ToArray());
}
