using NasLid.Core;
using NasLid.Kernels;
using NasLid.Tests.Training;
using NasLid.Torch.Characterisation;
using NasLid.Torch.Data;
using NasLid.Torch.Partition;
using NasLid.Torch.Supernets;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace NasLid.Tests.Partition;

public class CharacterisationTests
{
    /// <summary>Every parameter, gradient and buffer (BatchNorm running statistics and counters included), cloned.</summary>
    static Dictionary<string, Tensor> Snapshot(nn.Module net, bool withGradients = true) =>
        net.named_parameters().Select(p => (p.name, (Tensor)p.parameter))
            .Concat(withGradients ? net.named_parameters().Where(p => p.parameter.grad is not null).Select(p => ("grad " + p.name, p.parameter.grad!)) : [])
            .Concat(net.named_buffers().Select(b => ("buffer " + b.name, b.buffer)))
            .ToDictionary(t => t.Item1, t => t.Item2.detach().clone());

    static void AssertUnchanged(nn.Module net, Dictionary<string, Tensor> before, bool withGradients = true)
    {
        var after = Snapshot(net, withGradients);
        Assert.That(after.Keys, Is.EquivalentTo(before.Keys));
        foreach (var (name, tensor) in after)
            Assert.That(tensor.equal(before[name]).all().item<bool>(), Is.True, $"{name} changed");
        Assert.That(net.parameters().All(p => p.requires_grad), Is.True, "parameters still train");
    }

    [TestCase(false)]
    [TestCase(true)]
    public void LidCharacterisationLeavesEveryWeightAndBatchNormStatisticUntouched(bool wasTraining)
    {
        using var net = SupernetPartitionTests.BrieflyTrainedNb201();
        net.train(wasTraining);
        var before = Snapshot(net);
        using var engine = LidEngines.Create("cpu");
        var vectors = new LidCharacterisation(engine, new LidOptions(K: 10))
            .Characterise(net, SupernetMask.Full(net.Space), 2, SupernetPartitionTests.RealBatches(1, 32), new Rng(4));

        Assert.That(vectors.Vectors, Has.Count.EqualTo(5));
        Assert.That(before.Keys, Has.Some.StartWith("grad "), "the trained net had gradients, which LID must not touch");
        AssertUnchanged(net, before);
        Assert.That(net.training, Is.EqualTo(wasTraining), "train/eval mode restored");
    }

    [TestCase(false)]
    [TestCase(true)]
    public void GradientCharacterisationClearsGradientsAndRestoresBuffers(bool wasTraining)
    {
        using var net = SupernetPartitionTests.BrieflyTrainedNb201();
        net.train(wasTraining);
        var before = Snapshot(net, withGradients: false);
        var vectors = new GradientMatching().Characterise(net, SupernetMask.Full(net.Space), 4, SupernetPartitionTests.RealBatches(1, 16), new Rng(4));

        Assert.That(vectors.Vectors.All(v => v.Any(x => x != 0)), Is.True, "every candidate has a gradient");
        AssertUnchanged(net, before, withGradients: false);
        Assert.That(net.parameters().All(p => p.grad is null), Is.True, "gradients cleared");
        Assert.That(net.training, Is.EqualTo(wasTraining), "train/eval mode restored");
    }

    /// <summary>
    /// The GM-NAS vector of each candidate is d(mean batch loss)/d(shared weights). Checked coordinate by coordinate
    /// against central differences computed in float64 on an identical copy of the net: the float32 gradient then
    /// carries only its own rounding (about 1e-6 relative), so a relative tolerance of 1e-3 is honest.
    /// </summary>
    [Test]
    public void GradientCharacterisationMatchesFiniteDifferences()
    {
        using var net = TinySupernet.Create(seed: 7, width: 4);
        using var reference = TinySupernet.Create(seed: 7, width: 4);
        reference.to(float64);
        var parent = SupernetMask.Full(net.Space).WithLayer(1, [0]); // layer 1 forced: the random path cannot matter
        var batches = SupernetPartitionTests.RealBatches(2, 8);
        var vectors = new GradientMatching().Characterise(net, parent, 0, batches, new Rng(1));

        var shared = GradientMatching.SharedWeights(net, parent, 0);
        var names = net.named_parameters().ToDictionary(p => (object)p.parameter, p => p.name, ReferenceEqualityComparer.Instance);
        var referenceParameters = reference.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        reference.train();
        int checkedLarge = 0;
        for (int c = 0; c < vectors.Ops.Count; c++)
        {
            var active = SubSupernet.WithCandidate(parent, 0, vectors.Ops[c], SubSupernet.SamplePath(parent, new Rng(0)));
            double Loss()
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                return batches.Average(b =>
                {
                    var (images, labels) = b.ToTensors();
                    return nn.functional.cross_entropy(reference.Forward(images.to(float64), active), labels).item<double>();
                });
            }

            long offset = 0;
            foreach (var weight in shared)
            {
                var target = referenceParameters[names[weight]];
                long count = weight.numel();
                var gradient = vectors.Vectors[c].AsSpan((int)offset, (int)count).ToArray();
                long largest = Array.IndexOf(gradient, gradient.MaxBy(Math.Abs));
                foreach (var index in new[] { 0L, largest, count - 1 }.Distinct())
                {
                    const double h = 1e-6; // small enough that few ReLUs change side: at 1e-4 the kinks cost 6%
                    using var flat = target.detach().view(-1);
                    double original = flat[index].item<double>();
                    flat[index] = original + h;
                    double up = Loss();
                    flat[index] = original - h;
                    double down = Loss();
                    flat[index] = original;
                    double numeric = (up - down) / (2 * h);
                    Assert.That(gradient[index], Is.EqualTo(numeric).Within(2e-5 + 1e-3 * Math.Abs(numeric)),
                        $"candidate {vectors.Ops[c]}, {names[weight]}[{index}]");
                    if (Math.Abs(numeric) > 1e-3) checkedLarge++;
                }
                offset += count;
            }
            Assert.That(offset, Is.EqualTo(vectors.Vectors[c].Length), "the vector is exactly the shared weights, in order");
        }
        Assert.That(checkedLarge, Is.GreaterThan(10), "the check compared gradients that are not all near zero");
    }

    [Test]
    public void NaNFeaturesAreAnErrorNamingTheLayerAndCandidate()
    {
        using var net = TinySupernet.Create(seed: 2);
        using (no_grad())
            net.OpParameters(0, 1).First().fill_(double.NaN);
        using var engine = LidEngines.Create("cpu");
        var batches = SupernetPartitionTests.RealBatches(1, 24);

        var lid = Assert.Throws<NasLidException>(() => SupernetPartition.Split(net, SupernetMask.Full(net.Space),
            new LidCharacterisation(engine, new LidOptions(K: 8)), batches, new Rng(1), new Torch.Partition.PartitionSettings()));
        Assert.That(lid!.Message, Does.Contain("layer 0 op 1").And.Contain("tap 0").And.Contain("NaN"));

        var gradient = Assert.Throws<NasLidException>(() => SupernetPartition.Split(net, SupernetMask.Full(net.Space),
            new GradientMatching(), batches, new Rng(1), new Torch.Partition.PartitionSettings()));
        Assert.That(gradient!.Message, Does.Contain("layer0").And.Contain("conv1x1").And.Contain("NaN"));
    }

    [Test]
    public void DuplicateImagesAreExcludedFromLidAndRecordedNeverANaN()
    {
        using var net = TinySupernet.Create(seed: 2);
        var batch = SupernetPartitionTests.RealBatches(1, 24)[0];
        int size = batch.Channels * batch.Height * batch.Width;
        var images = (float[])batch.Images.Clone();
        for (int i = 1; i < 12; i++) Array.Copy(images, 0, images, i * size, size); // 12 copies of one image: 11 zero distances >= k
        using var engine = LidEngines.Create("cpu");

        var record = SupernetPartition.Split(net, SupernetMask.Full(net.Space), new LidCharacterisation(engine, new LidOptions(K: 8)),
            [batch with { Images = images }], new Rng(1), new Torch.Partition.PartitionSettings());

        foreach (var layer in record.Layers)
        {
            Assert.That(layer.Notes, Is.Not.Empty, $"{layer.Name}: the exclusion is recorded");
            // 12 duplicate rows per tap, two taps; distinct rows whose k nearest are all the duplicates are excluded too (all distances equal).
            foreach (var note in layer.Notes)
                Assert.That(int.Parse(System.Text.RegularExpressions.Regex.Match(note, @"^op \d: (\d+) rows excluded").Groups[1].Value), Is.GreaterThanOrEqualTo(24), note);
            Assert.That(layer.Similarity.SelectMany(r => r).All(double.IsFinite), Is.True);
            Assert.That(layer.Profiles!.SelectMany(p => p).All(double.IsFinite), Is.True);
        }
    }

    /// <summary>
    /// NB201's none op outputs zeros: when every edge into a cell's output node is none, the cell (and all after it)
    /// emits identical rows, and no row has a defined MLE. A random path through the other edges draws this often
    /// (1 in 25 per batch for the last edges), so it must not stop a search: such a tap is a single point, LID 0.
    /// </summary>
    [Test]
    public void ATapCollapsedToOnePointByNoneOpsHasLidZeroAndANote()
    {
        using var net = SupernetPartitionTests.BrieflyTrainedNb201(steps: 2);
        var allNoneIntoNode3 = new Architecture([3, 3, 3, 0, 0, 0]);
        using var engine = LidEngines.Create("cpu");
        var batch = SupernetPartitionTests.RealBatches(1, 32)[0];

        var profile = LidProfiler.Measure(net, SupernetMask.SinglePath(net.Space, allNoneIntoNode3), batch, engine, new LidOptions(K: 10));
        Assert.That(profile, Has.Length.EqualTo(5));
        Assert.That(profile[0], Is.EqualTo(0), "the cell's output is one point");

        var vectors = new LidCharacterisation(engine, new LidOptions(K: 10)).Characterise(net,
            SupernetMask.Full(net.Space).WithLayer(4, [0]).WithLayer(5, [0]), 3, [batch], new Rng(1));
        Assert.That(vectors.Vectors[0][0], Is.EqualTo(0), "candidate none on edge 3<-0 with none on 3<-1 and 3<-2");
        Assert.That(vectors.Vectors.SelectMany(v => v).All(double.IsFinite), Is.True);
        Assert.That(vectors.Notes, Has.Some.Contain("op 0").And.Contain("identical"));
    }

    [Test]
    public void NoBatchesIsAClearError()
    {
        using var net = TinySupernet.Create(seed: 2);
        using var engine = LidEngines.Create("cpu");
        foreach (ICandidateCharacterisation method in new ICandidateCharacterisation[] { new LidCharacterisation(engine, new LidOptions(K: 8)), new GradientMatching() })
        {
            var ex = Assert.Throws<NasLidException>(() => method.Characterise(net, SupernetMask.Full(net.Space), 0, Array.Empty<Batch>(), new Rng(1)));
            Assert.That(ex!.Message, Does.Contain("no batches"), method.Name);
        }
    }
}
