using NasLid.Core;
using NasLid.Core.Search;
using NUnit.Framework;

namespace NasLid.Tests.Algorithms;

public class EvolutionTests
{
    // Six layers of five ops, split twice as NAS-LID would: layer 0 into {0,1} | {2,3,4}, then layer 3 into {0,2} | {1,3,4}.
    static readonly SupernetMask[] Masks =
    [
        SupernetMask.Parse("11000|11111|11111|10100|11111|11111"),
        SupernetMask.Parse("11000|11111|11111|01011|11111|11111"),
        SupernetMask.Parse("00111|11111|11111|10100|11111|11111"),
        SupernetMask.Parse("00111|11111|11111|01011|11111|11111"),
    ];

    // Best reachable: op 4 on every layer (layer 0 and 3 allow it in mask 3): 24.
    static double SumOfOps(Architecture a, int mask) => a.Ops.Sum();

    [Test]
    public void MutationStaysInTheMaskAndChangesEveryLayerAtPOne()
    {
        var rng = new Rng(3);
        foreach (var mask in Masks)
            for (int i = 0; i < 200; i++)
            {
                var parent = Evolution.RandomArchitecture(mask, rng);
                Assert.That(mask.Contains(parent));
                var child = Evolution.Mutate(parent, mask, 0.1, rng);
                Assert.That(mask.Contains(child), $"{child} left mask {mask}");
                var flipped = Evolution.Mutate(parent, mask, 1.0, rng);
                Assert.That(Enumerable.Range(0, 6).All(l => flipped[l] != parent[l]), "p = 1 flips every layer with another enabled op");
            }
        var single = SupernetMask.Parse("1|01|001");
        Assert.That(Evolution.Mutate(new Architecture([0, 1, 2]), single, 1.0, rng), Is.EqualTo(new Architecture([0, 1, 2])));
    }

    [Test]
    public void CrossoverTakesEachLayerFromOneParent()
    {
        var rng = new Rng(4);
        Architecture a = new([0, 0, 0, 0, 0, 0]), b = new([4, 3, 2, 1, 3, 4]);
        Assert.That(Evolution.Crossover(a, b, 0, rng), Is.EqualTo(a));
        Assert.That(Evolution.Crossover(a, b, 1, rng), Is.EqualTo(b));
        var child = Evolution.Crossover(a, b, 0.5, rng);
        Assert.That(Enumerable.Range(0, 6).All(l => child[l] == a[l] || child[l] == b[l]));
    }

    [Test]
    public void EveryGenerationIsFullDistinctAndInsideItsMask()
    {
        int generations = 0, calls = 0;
        var seen = new HashSet<Architecture>();
        double Fitness(Architecture a, int mask)
        {
            calls++;
            Assert.That(seen.Add(a), $"{a} evaluated twice; evaluations must be cached");
            Assert.That(Masks[mask].Contains(a), $"{a} evaluated with mask {mask} that does not contain it");
            Assert.That(Evolution.MaskIndexOf(a, Masks), Is.EqualTo(mask));
            return SumOfOps(a, mask);
        }
        var result = new Evolution(Masks, Fitness, new EvolutionOptions(), new Rng(5)).Run((generation, population) =>
        {
            Assert.That(generation, Is.EqualTo(generations++));
            Assert.That(population, Has.Count.EqualTo(50));
            Assert.That(population.Select(c => c.Architecture).Distinct().Count(), Is.EqualTo(50), $"duplicates in generation {generation}");
            Assert.That(population.All(c => Masks[c.MaskIndex].Contains(c.Architecture)));
        });
        Assert.That(generations, Is.EqualTo(50));
        Assert.That(result.History, Has.Count.EqualTo(50));
        Assert.That(result.Evaluations, Is.EqualTo(calls));
    }

    [Test]
    public void ImprovesASyntheticFitness()
    {
        var result = new Evolution(Masks, SumOfOps, new EvolutionOptions(), new Rng(6)).Run();
        var first = result.History[0];
        var last = result.History[^1];
        TestContext.Out.WriteLine($"mean {first.Mean:F2} → {last.Mean:F2}, best {result.Best.Fitness} after {result.Evaluations} evaluations");
        // Random architectures average about 12; bred generations concentrate near the optimum 24.
        Assert.That(last.Mean, Is.GreaterThan(first.Mean + 4), $"mean {first.Mean:F2} → {last.Mean:F2}");
        Assert.That(result.Best.Fitness, Is.GreaterThanOrEqualTo(23));
        Assert.That(result.Best.Fitness, Is.GreaterThanOrEqualTo(result.History.Max(h => h.Best)));
        Assert.That(Masks[result.Best.MaskIndex].Contains(result.Best.Architecture));
    }

    [Test]
    public void SameSeedSameSearch()
    {
        var a = new Evolution(Masks, SumOfOps, new EvolutionOptions(Generations: 5), new Rng(8)).Run();
        var b = new Evolution(Masks, SumOfOps, new EvolutionOptions(Generations: 5), new Rng(8)).Run();
        Assert.That(b.History.Select(h => (h.Mean, h.Std, h.Best)), Is.EqualTo(a.History.Select(h => (h.Mean, h.Std, h.Best))));
        Assert.That(b.Best.Architecture, Is.EqualTo(a.Best.Architecture));
    }

    [Test]
    public void ResumeWithRecordedEvaluationsReplaysWithoutEvaluating()
    {
        var recorded = new List<Candidate>();
        var options = new EvolutionOptions(Generations: 6);
        var first = new Evolution(Masks, (a, m) => { recorded.Add(new Candidate(a, m, SumOfOps(a, m))); return SumOfOps(a, m); }, options, new Rng(9)).Run();
        var resumed = new Evolution(Masks, (a, _) => throw new AssertionException($"{a} evaluated again"), options, new Rng(9), recorded).Run();
        Assert.That(resumed.Best, Is.EqualTo(first.Best));
        Assert.That(resumed.History.Select(h => h.Mean), Is.EqualTo(first.History.Select(h => h.Mean)));
    }

    [Test]
    public void BadInputIsAClearError()
    {
        var tiny = new[] { SupernetMask.Parse("11|11|11") }; // 8 architectures
        var ex = Assert.Throws<NasLidException>(() => new Evolution(tiny, SumOfOps, new EvolutionOptions(), new Rng(1)));
        Assert.That(ex!.Message, Does.Contain("8"));
        Assert.Throws<NasLidException>(() => new Evolution(Masks, (_, _) => double.NaN, new EvolutionOptions(), new Rng(1)).Run());
    }
}
