using ScottPlot;

namespace NasLid.Torch.Search;

/// <summary>A candidate's LID profile and the accuracy it reached, for the paper's Fig. 1.</summary>
public sealed record ProfileWithAccuracy(string Label, IReadOnlyList<double> Profile, double Accuracy);

/// <summary>One layer's separability (Eq. 7) under each criterion, for the paper's Fig. 4.</summary>
public sealed record LayerSeparability(string Layer, double Lid, double Gradient);

/// <summary>Accuracy statistics of one evolution generation, for the paper's Fig. 5.</summary>
public sealed record GenerationAccuracy(int Generation, double Mean, double Std, double Best);

/// <summary>The run report's figures, written as PNG files.</summary>
public static class Plots
{
    const int Width = 800, Height = 500;

    /// <summary>LID profiles against relative depth, coloured from low (blue) to high (red) accuracy.</summary>
    public static void LidProfiles(string path, IReadOnlyList<ProfileWithAccuracy> profiles)
    {
        var plot = new Plot();
        double low = profiles.Min(p => p.Accuracy), high = profiles.Max(p => p.Accuracy);
        var colormap = new ScottPlot.Colormaps.Turbo();
        foreach (var p in profiles.OrderBy(p => p.Accuracy))
        {
            var depth = Enumerable.Range(0, p.Profile.Count).Select(i => p.Profile.Count == 1 ? 0 : (double)i / (p.Profile.Count - 1)).ToArray();
            var line = plot.Add.Scatter(depth, p.Profile.ToArray());
            line.Color = colormap.GetColor(high > low ? (p.Accuracy - low) / (high - low) : 0.5);
            line.LineWidth = 1.5f;
            line.MarkerSize = 3;
        }
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"lowest accuracy {low:P1}", LineColor = colormap.GetColor(0), LineWidth = 3 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"highest accuracy {high:P1}", LineColor = colormap.GetColor(1), LineWidth = 3 });
        plot.ShowLegend();
        plot.Title("LID profiles of evaluated architectures (Fig. 1)");
        plot.XLabel("relative depth");
        plot.YLabel("LID");
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Per-layer separability of LID and gradient similarity, on a log axis: the paper's gap is orders of magnitude.</summary>
    public static void Separability(string path, IReadOnlyList<LayerSeparability> layers)
    {
        var plot = new Plot();
        var bars = new List<Bar>();
        for (int i = 0; i < layers.Count; i++)
        {
            bars.Add(new Bar { Position = 3 * i, Value = Math.Log10(Math.Max(layers[i].Lid, 1e-12)), FillColor = Colors.C0 });
            bars.Add(new Bar { Position = 3 * i + 1, Value = Math.Log10(Math.Max(layers[i].Gradient, 1e-12)), FillColor = Colors.C1 });
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks(layers.Select((_, i) => 3.0 * i + 0.5).ToArray(), layers.Select(l => l.Layer).ToArray());
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "LID", FillColor = Colors.C0 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "gradient", FillColor = Colors.C1 });
        plot.ShowLegend();
        plot.Title("Separability per layer (Eq. 7, Fig. 4)");
        plot.YLabel("log10 separability");
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Mean ± std and best accuracy of each evolution generation.</summary>
    public static void Evolution(string path, IReadOnlyList<GenerationAccuracy> generations)
    {
        var plot = new Plot();
        double[] x = generations.Select(g => (double)g.Generation).ToArray();
        var band = plot.Add.FillY(x, generations.Select(g => g.Mean - g.Std).ToArray(), generations.Select(g => g.Mean + g.Std).ToArray());
        band.FillColor = Colors.C0.WithAlpha(0.25);
        band.LegendText = "mean ± std";
        var mean = plot.Add.Scatter(x, generations.Select(g => g.Mean).ToArray());
        mean.LegendText = "mean";
        var best = plot.Add.Scatter(x, generations.Select(g => g.Best).ToArray());
        best.LegendText = "best";
        plot.ShowLegend();
        plot.Title("Evolutionary search (Fig. 5)");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.XLabel("generation");
        plot.YLabel("validation accuracy (%)");
        plot.SavePng(path, Width, Height);
    }
}
