namespace NasLid.Torch.Data;

/// <param name="ValidationFraction">Share of the training images held out for validation (search decisions use it, never the test set).</param>
/// <param name="Seed">Seeds the validation split.</param>
/// <param name="Resolution">Side of the square images decoded from image folders (224 for ImageNet-resolution runs).</param>
/// <param name="HorizontalFlip">Whether augmentation mirrors images; null decides by dataset (no for digits, yes otherwise).</param>
public sealed record DataOptions(double ValidationFraction = 0.1, ulong Seed = 0, int Resolution = 224, bool? HorizontalFlip = null);
