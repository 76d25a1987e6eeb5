using NasLid.Torch.Supernets;
using static TorchSharp.torch;

namespace NasLid.Tests.Supernets;

/// <summary>Records what a forward tapped; keeps copies of the tensors only when asked (and then owns them).</summary>
sealed class RecordingTapSink(bool keepValues = false) : ITapSink, IDisposable
{
    public List<int> Indices { get; } = [];
    public List<string> Names { get; } = [];
    public List<long[]> Shapes { get; } = [];
    public List<Tensor> Values { get; } = [];

    public void OnTap(int index, string name, Tensor output)
    {
        Indices.Add(index);
        Names.Add(name);
        Shapes.Add(output.shape);
        if (keepValues) Values.Add(output.detach().clone().DetachFromDisposeScope());
    }

    public void Dispose()
    {
        foreach (var value in Values) value.Dispose();
    }
}
