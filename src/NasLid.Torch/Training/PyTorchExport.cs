using NasLid.Torch.Supernets;
using TorchSharp.PyBridge;

namespace NasLid.Torch.Training;

/// <summary>
/// Writes a supernet's weights as a PyTorch state_dict pickle (TorchSharp.PyBridge), so PyTorch users can
/// <c>model.load_state_dict(torch.load(path))</c> into a module whose attribute names match ours.
/// Atomic like checkpoints: a temporary file renamed into place.
/// </summary>
public static class PyTorchExport
{
    public static void Save(Supernet net, string path)
    {
        AtomicFile.Replace(path, temporary => net.save_py(temporary));
    }

    /// <summary>Loads weights saved by <see cref="Save"/> (or by PyTorch's <c>torch.save(model.state_dict())</c>).</summary>
    public static void Load(Supernet net, string path) => net.load_py(path);
}
