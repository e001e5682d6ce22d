using Microsoft.Extensions.DependencyInjection;

namespace Signals.Hosting;

/// <summary>Registers <see cref="PythonScriptService"/> with a Generic Host.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>Adds a <see cref="PythonScriptService"/> that runs <paramref name="options"/>' script for the life of the application.</summary>
    public static IServiceCollection AddPythonScript(this IServiceCollection services, PythonScriptServiceOptions options)
    {
        services.AddSingleton(options);
        return services.AddHostedService<PythonScriptService>();
    }
}
