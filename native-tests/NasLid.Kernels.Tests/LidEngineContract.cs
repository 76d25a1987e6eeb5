using NasLid.Core;
using NasLid.Kernels.Reference;
using NUnit.Framework;
using static TorchSharp.torch;

namespace NasLid.Kernels.Tests;

/// <summary>
/// What every LID engine must do (SPEC.md §1), checked against the float64 brute force and the Torch reference.
/// One derived fixture per engine and accelerator; each says where it ran.
/// </summary>
public abstract class LidEngineContract
{
    const double Relative = 1e-4;
    protected ILidEngine Engine = null!;
    protected static readonly LidOptions Defaults = new();

    protected abstract ILidEngine CreateEngine();

    /// <summary>(b, m) shapes to compare on: the ILGPU CPU accelerator is slow, so its list is shorter.</summary>
    protected abstract (int Rows, int Columns)[] Shapes { get; }

    /// <summary>Why this engine skips the b = 2000 known-dimension check, or null to run it.</summary>
    protected virtual string? KnownDimensionSkipReason => null;

    [OneTimeSetUp]
    public void CreateTheEngine()
    {
        Engine = CreateEngine();
        TestContext.Out.WriteLine($"engine {Engine.Name} on {Describe()}");
    }

    [OneTimeTearDown]
    public void DisposeTheEngine() => Engine?.Dispose();

    protected virtual string Describe() => "the CPU";

    [Test]
    public void AgreesWithFloat64AndTorchReferencesOnManyShapes()
    {
        using var torchReference = new TorchReferenceLidEngine();
        foreach (var (rows, columns) in Shapes)
        {
            var x = SyntheticFeatures.Gaussian(rows, columns, seed: rows * 31 + columns);
            var truth = BruteForceLid.Estimate(x, rows, columns, Defaults, "random");
            var torch = torchReference.Estimate(x, rows, columns, Defaults, "random");
            var mine = Engine.Estimate(x, rows, columns, Defaults, "random");
            TestContext.Out.WriteLine($"b={rows} m={columns}: {Engine.Name} {mine.Lid:G9} float64 {truth.Lid:G9} torch {torch.Lid:G9}");
            Assert.That(mine.Lid, Is.EqualTo(truth.Lid).Within(Relative * truth.Lid), $"float64 at b={rows}, m={columns}");
            Assert.That(mine.Lid, Is.EqualTo(torch.Lid).Within(Relative * torch.Lid), $"torch at b={rows}, m={columns}");
            Assert.That(mine.RowsUsed, Is.EqualTo(rows));
        }
    }

    [TestCase(LidFormula.Reference, LidAggregation.Mean)]
    [TestCase(LidFormula.LevinaBickel, LidAggregation.Harmonic)]
    public void EveryFormulaAndAggregationMatchesTheFloat64Reference(LidFormula formula, LidAggregation aggregation)
    {
        var options = new LidOptions(K: 10, formula, aggregation, ReturnRowLids: true);
        var x = SyntheticFeatures.Gaussian(77, 19, seed: 5);
        var truth = BruteForceLid.Estimate(x, 77, 19, options, "formula");
        var mine = Engine.Estimate(x, 77, 19, options, "formula");
        Assert.That(mine.Lid, Is.EqualTo(truth.Lid).Within(Relative * truth.Lid));
        Assert.That(mine.RowLids, Is.EqualTo(truth.RowLids).Within(Relative * truth.Lid));
    }

    [TestCase(2)]
    [TestCase(5)]
    [TestCase(10)]
    public void PointsOnADSphereInRmHaveLidNearD(int dimension)
    {
        if (KnownDimensionSkipReason is { } reason) Assert.Ignore(reason);
        const int rows = 2000;
        var x = SyntheticFeatures.SphereInSpace(rows, dimension, columns: 48, seed: dimension);
        var result = Engine.Estimate(x, rows, 48, Defaults, "sphere");
        TestContext.Out.WriteLine($"d={dimension}, b={rows}: LID {result.Lid:F3}");
        Assert.That(result.Lid, Is.EqualTo(dimension).Within(0.15 * dimension));
    }

    [Test]
    public void TooFewRowsForKIsAnErrorNamingBAndK()
    {
        var x = SyntheticFeatures.Gaussian(20, 3, seed: 1);
        var error = Assert.Throws<NasLidException>(() => Engine.Estimate(x, 20, 3, Defaults, "conv1"))!;
        Assert.That(error.Message, Does.Contain("b = 20").And.Contain("k = 20").And.Contain("conv1"));
    }

    [Test]
    public void NaNOrInfIsAnErrorNamingTheLayerAndTheCount()
    {
        var x = SyntheticFeatures.Gaussian(40, 9, seed: 2);
        x[3] = float.NaN;
        x[100] = float.PositiveInfinity;
        x[101] = float.NegativeInfinity;
        var error = Assert.Throws<NasLidException>(() => Engine.Estimate(x, 40, 9, Defaults, "cell3"))!;
        Assert.That(error.Message, Does.Contain("cell3").And.Contain("3 non-finite").And.Contain("1 NaN").And.Contain("2 Inf"));
    }

    [Test]
    public void ALengthThatIsNotBTimesMIsAnError()
    {
        var x = new float[50];
        Assert.Throws<NasLidException>(() => Engine.Estimate(x, 25, 3, Defaults, "bad"));
    }

    [Test]
    public void HalfTheRowsDuplicatedAreReportedAndKReducedNotNaN()
    {
        // 60 distinct rows, 60 copies of them: each row has one exact twin at distance 0 below r_k.
        var distinct = SyntheticFeatures.Gaussian(60, 8, seed: 3);
        var x = distinct.Concat(distinct).ToArray();
        var truth = BruteForceLid.Estimate(x, 120, 8, Defaults, "dup");
        var mine = Engine.Estimate(x, 120, 8, Defaults, "dup");
        Assert.That(double.IsFinite(mine.Lid), Is.True);
        Assert.That(mine.RowsWithReducedK, Is.EqualTo(120));
        Assert.That(mine.ExcludedDuplicates, Is.Zero);
        Assert.That(mine.Lid, Is.EqualTo(truth.Lid).Within(Relative * truth.Lid));
    }

    [Test]
    public void RowsWithKOrMoreExactDuplicatesAreExcludedAsDuplicates()
    {
        // 25 copies of one far-away row (each has 24 zero distances >= k = 20) plus 40 distinct rows, whose
        // neighbours are then each other (near the copies they would see 20 equal distances instead).
        var one = SyntheticFeatures.Gaussian(1, 6, seed: 4).Select(v => v + 100f).ToArray();
        var x = Enumerable.Repeat(one, 25).SelectMany(r => r).Concat(SyntheticFeatures.Gaussian(40, 6, seed: 5)).ToArray();
        var mine = Engine.Estimate(x, 65, 6, Defaults, "dup");
        Assert.That(mine.ExcludedDuplicates, Is.EqualTo(25));
        Assert.That(mine.RowsUsed, Is.EqualTo(40));
        Assert.That(double.IsFinite(mine.Lid), Is.True);
    }

    [Test]
    public void RowsWhoseNeighboursAreAllEquallyFarAreExcludedAsEqual()
    {
        // Unit basis vectors: every pair is sqrt(2) apart, so r_1 = ... = r_k and lid would be +inf.
        const int rows = 30;
        var x = new float[rows * rows];
        for (int i = 0; i < rows; i++) x[i * rows + i] = 1;
        var error = Assert.Throws<NasLidException>(() => Engine.Estimate(x, rows, rows, Defaults, "basis"))!;
        Assert.That(error.Message, Does.Contain("30 have all 20 neighbour distances equal"));
    }

    [Test]
    public void NearDuplicatesDifferingInTheLastBitsGiveTheFloat64Answer()
    {
        var x = SyntheticFeatures.Gaussian(100, 16, seed: 6);
        for (int i = 50; i < 100; i++)
            for (int c = 0; c < 16; c++)
                x[i * 16 + c] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(x[(i - 50) * 16 + c]) + 1 + c % 3);
        var truth = BruteForceLid.Estimate(x, 100, 16, Defaults, "near");
        var mine = Engine.Estimate(x, 100, 16, Defaults, "near");
        Assert.That(mine.ExcludedDuplicates + mine.ExcludedEqual, Is.Zero);
        Assert.That(mine.Lid, Is.EqualTo(truth.Lid).Within(Relative * truth.Lid));
    }

    [Test]
    public void ScalingBy1000AndShiftingByAConstantLeaveTheLidUnchanged()
    {
        var x = SyntheticFeatures.Gaussian(90, 24, seed: 7);
        var baseline = Engine.Estimate(x, 90, 24, Defaults, "x").Lid;
        var scaled = Engine.Estimate(x.Select(v => v * 1000f).ToArray(), 90, 24, Defaults, "1000x").Lid;
        var shifted = Engine.Estimate(x.Select(v => v + 100f).ToArray(), 90, 24, Defaults, "x+100").Lid;
        Assert.That(scaled, Is.EqualTo(baseline).Within(Relative * baseline));
        // Shifting by 100 rounds each float32 value to 1e-5 absolute: the data itself changes that much.
        Assert.That(shifted, Is.EqualTo(baseline).Within(1e-3 * baseline));
        var shiftedTruth = BruteForceLid.Estimate(x.Select(v => v + 100f).ToArray(), 90, 24, Defaults, "x+100").Lid;
        Assert.That(shifted, Is.EqualTo(shiftedTruth).Within(Relative * shiftedTruth));
    }

    [Test]
    public void TensorsAreReadInPlaceOrConvertedExplicitly()
    {
        using var scope = NewDisposeScope();
        var x = SyntheticFeatures.Gaussian(64, 12, seed: 8);
        var expected = Engine.Estimate(x, 64, 12, Defaults, "span").Lid;
        var contiguous = tensor(x, [64, 3, 2, 2]);
        var strided = tensor(x, [12, 64]).t();     // a transposed copy: same rows, not contiguous
        var wide = contiguous.to_type(ScalarType.Float64);
        var transposedBack = tensor(TransposeOf(x, 64, 12), [12, 64]).t();
        Assert.That(strided.is_contiguous(), Is.False);
        Assert.That(Engine.Estimate(contiguous, Defaults, "t").Lid, Is.EqualTo(expected).Within(Relative * expected));
        Assert.That(Engine.Estimate(wide, Defaults, "t64").Lid, Is.EqualTo(expected).Within(Relative * expected));
        Assert.That(Engine.Estimate(transposedBack, Defaults, "tT").Lid, Is.EqualTo(expected).Within(Relative * expected));
    }

    /// <summary>
    /// A tap's tensor is read inside the forward's dispose scope: anything an engine left there (a view, a storage
    /// handle) kept that layer's features alive until the forward ended, so characterisation held every layer at
    /// once (1.1 GB instead of 0.7 GB for NB201 at 32×3×224×224).
    /// </summary>
    [Test]
    public void EstimatingATensorLeavesNothingInTheCallersDisposeScope()
    {
        using var scope = NewDisposeScope();
        var x = SyntheticFeatures.Gaussian(40, 10, seed: 11);
        var inPlace = tensor(x, [40, 10]);
        var converted = tensor(x, [40, 10]).to_type(ScalarType.Float64);
        int before = scope.DisposablesCount;
        Engine.Estimate(inPlace, Defaults, "in place");
        Engine.Estimate(converted, Defaults, "converted");
        Engine.EstimateMany([("a", inPlace), ("b", converted)], Defaults);
        Assert.That(scope.DisposablesCount, Is.EqualTo(before));
    }

    [Test]
    public void EstimateManyGivesEachLayersOwnResultInOrder()
    {
        using var scope = NewDisposeScope();
        var a = SyntheticFeatures.Gaussian(50, 6, seed: 9);
        var b = SyntheticFeatures.SphereInSpace(50, 2, 10, seed: 10);
        var results = Engine.EstimateMany([("a", tensor(a, [50, 6])), ("b", tensor(b, [50, 10]))], Defaults);
        Assert.That(results.Select(r => r.Layer), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(results[0].Lid, Is.EqualTo(Engine.Estimate(a, 50, 6, Defaults, "a").Lid));
        Assert.That(results[1].Lid, Is.EqualTo(Engine.Estimate(b, 50, 10, Defaults, "b").Lid));
    }

    static float[] TransposeOf(float[] x, int rows, int columns)
    {
        var t = new float[x.Length];
        for (int i = 0; i < rows; i++)
            for (int c = 0; c < columns; c++)
                t[c * rows + i] = x[i * columns + c];
        return t;
    }
}
