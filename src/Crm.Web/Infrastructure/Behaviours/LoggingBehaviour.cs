using System.Diagnostics;
using MediatR;

namespace Crm.Web.Infrastructure.Behaviours;

/// <summary>Logs each request's name and how long it took.</summary>
public sealed class LoggingBehaviour<TRequest, TResponse>(ILogger<LoggingBehaviour<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var name = RequestName.Of(request!.GetType());
        var watch = Stopwatch.StartNew();
        try
        {
            var response = await next();
            logger.LogInformation("{Request} handled in {ElapsedMs} ms", name, watch.ElapsedMilliseconds);
            return response;
        }
        catch (Exception ex)
        {
            logger.LogWarning("{Request} failed after {ElapsedMs} ms: {Error}", name, watch.ElapsedMilliseconds, ex.Message);
            throw;
        }
    }
}
