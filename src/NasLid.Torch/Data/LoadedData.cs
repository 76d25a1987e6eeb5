namespace NasLid.Torch.Data;

/// <summary>
/// A dataset ready for search: training images, the validation images held out of them, the untouched test
/// set, the normalisation measured on the training split and the augmentation that suits the data.
/// </summary>
public sealed record LoadedData(
    string Name,
    ImageDataset Train,
    ImageDataset Validation,
    ImageDataset Test,
    Normalisation Normalisation,
    Augmentation Augmentation)
{
    public int Channels => Train.Channels;
    public int Resolution => Train.Height;
    public int Classes => Train.ClassCount;
}
