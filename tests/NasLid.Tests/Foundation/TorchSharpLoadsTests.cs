using NUnit.Framework;
using static TorchSharp.torch;

namespace NasLid.Tests.Foundation;

/// <summary>
/// TorchSharp's native library loads from the build output (patched by Directory.Build.targets on systems
/// whose libstdc++ lacks GLIBCXX_3.4.32) and computes the operations the LID reference relies on.
/// </summary>
public class TorchSharpLoadsTests
{
    [Test]
    public void MatmulCdistAndTopkGiveKnownAnswers()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        var product = matmul(a, a);
        Assert.That(product.data<float>().ToArray(), Is.EqualTo(new float[] { 7, 10, 15, 22 }));

        var points = tensor(new float[] { 0, 0, 3, 4, 6, 8 }, [3, 2]);
        var distances = cdist(points, points);
        Assert.That(distances[0, 1].item<float>(), Is.EqualTo(5f).Within(1e-5));
        Assert.That(distances[0, 2].item<float>(), Is.EqualTo(10f).Within(1e-5));

        var (values, indices) = topk(tensor(new float[] { 3, 1, 4, 1, 5 }), 2);
        Assert.That(values.data<float>().ToArray(), Is.EqualTo(new float[] { 5, 4 }));
        Assert.That(indices.data<long>().ToArray(), Is.EqualTo(new long[] { 4, 2 }));
    }

    [Test]
    public void NativeLibraryIsLoadedFromTheOutputFolderNotAFallbackCopy()
    {
        using var _ = ones(1);
        // TorchSharp copies unpatched natives into cpu/ only when the first load from the output folder fails.
        Assert.That(Directory.Exists(Path.Combine(AppContext.BaseDirectory, "cpu")), Is.False,
            "a cpu/ fallback folder means the build did not patch libLibTorchSharp.so");
    }
}
