using System.Text.Json;
using ScottPlot;

namespace LatencyPlot;

/// <summary>
/// <c>LatencyPlot results.json out.png</c>: one panel per delivery and interruption mode, each the
/// cumulative distribution of kill(2)-to-handler latencies of python3.11 and sighost.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        using JsonDocument results = JsonDocument.Parse(File.ReadAllText(args[0]));
        var panels = new List<(string Title, Dictionary<string, double[]> Series)>();
        foreach (string kind in new[] { "delivery", "interruption" })
        {
            foreach (JsonProperty mode in results.RootElement.GetProperty(kind).EnumerateObject())
            {
                var series = mode.Value.EnumerateObject().ToDictionary(
                    name => name.Name,
                    name => name.Value.GetProperty("all").EnumerateArray().Select(v => v.GetDouble()).OrderBy(v => v).ToArray());
                panels.Add(($"{kind}: {mode.Name}", series));
            }
        }

        var multiplot = new Multiplot();
        multiplot.AddPlots(panels.Count);
        for (int i = 0; i < panels.Count; i++)
        {
            Plot plot = multiplot.GetPlot(i);
            plot.Title(panels[i].Title);
            plot.XLabel("latency (µs), log scale");
            plot.YLabel("fraction of signals");
            foreach ((string name, double[] sorted) in panels[i].Series)
            {
                double[] xs = sorted.Select(v => Math.Log10(Math.Max(v, 0.1))).ToArray();
                double[] ys = Enumerable.Range(1, sorted.Length).Select(n => (double)n / sorted.Length).ToArray();
                var line = plot.Add.ScatterLine(xs, ys);
                line.LegendText = name;
                line.LineWidth = 2;
            }

            plot.Axes.Bottom.TickGenerator = LogTicks();
            plot.ShowLegend(Alignment.LowerRight);
        }

        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows: 2, columns: panels.Count / 2);
        multiplot.SavePng(args[1], 1600, 800);
        return 0;
    }

    /// <summary>Ticks at 1, 10, 100, 1000 µs on the log10 axis.</summary>
    private static ScottPlot.TickGenerators.NumericManual LogTicks()
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (int power in Enumerable.Range(0, 5))
        {
            ticks.AddMajor(power, Math.Pow(10, power).ToString("0", System.Globalization.CultureInfo.InvariantCulture));
        }

        return ticks;
    }
}
