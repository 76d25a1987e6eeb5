using NasLid.Core;
using NasLid.Kernels.Reference;
using NUnit.Framework;

namespace NasLid.Kernels.Tests;

/// <summary>The reference code's selection (sorted cdist, columns 1..k) as an option: equal on clean data, and
/// visibly different on duplicated rows, where float32 cdist gives twins tiny non-zero distances.</summary>
public class TorchReferenceCodeSelectionTests
{
    [Test]
    public void MatchesTheExactSelectionOnDataWithoutDuplicates()
    {
        using var refcode = new TorchReferenceLidEngine(referenceCodeSelection: true);
        var x = SyntheticFeatures.Gaussian(200, 10, seed: 11);
        var truth = BruteForceLid.Estimate(x, 200, 10, new LidOptions(), "clean").Lid;
        Assert.That(refcode.Name, Is.EqualTo("torch-refcode"));
        Assert.That(refcode.Estimate(x, 200, 10, new LidOptions(), "clean").Lid, Is.EqualTo(truth).Within(1e-4 * truth));
    }

    [Test]
    public void DiffersFromSpecOnDuplicatedRows()
    {
        using var refcode = new TorchReferenceLidEngine(referenceCodeSelection: true);
        var half = SyntheticFeatures.Gaussian(60, 8, seed: 12);
        var x = half.Concat(half).ToArray();
        var spec = BruteForceLid.Estimate(x, 120, 8, new LidOptions(), "dup");
        var reference = refcode.Estimate(x, 120, 8, new LidOptions(), "dup");
        Assert.That(spec.RowsWithReducedK, Is.EqualTo(120));
        Assert.That(reference.RowsWithReducedK, Is.LessThan(120), "the reference code's selection (cdist values as they are) mishandles duplicate rows");
        Assert.That(reference.Lid, Is.Not.EqualTo(spec.Lid).Within(1e-3 * spec.Lid));
    }
}
