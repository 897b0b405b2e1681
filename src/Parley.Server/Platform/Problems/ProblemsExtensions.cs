using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Parley.Platform.Http;
using Parley.Platform.Persistence;

namespace Parley.Platform.Problems;

public static class ProblemsExtensions
{
    /// <summary>Every error, from a bad JSON body to an unknown route, leaves as RFC 7807 problem details.</summary>
    public static IHostApplicationBuilder AddProblems(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["correlationId"] = context.HttpContext.TraceIdentifier;
            context.ProblemDetails.Extensions.Remove("traceId");
            BadRequests.ExplainUnsupportedMediaType(context.ProblemDetails);
            BadRequests.ExplainSilentBadRequest(context.HttpContext, context.ProblemDetails);
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // Binding failures (malformed JSON, a wrong type) throw so the handler can say what was wrong.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        // Enums are their names both ways; a number is refused ("priority": 5 is not a priority).
        builder.Services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(options =>
            options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false)));
        return builder;
    }

    public static IApplicationBuilder UseProblems(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}

internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            RequestBodyTooLargeException tooLarge => new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "The request body is too large.",
                Detail = tooLarge.Message,
            },
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "The request body is too large.",
            },
            BadHttpRequestException bad => BadRequests.Describe(httpContext, bad),
            DbUpdateException duplicate when duplicate.IsUniqueViolation() => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "This conflicts with an existing one.",
                Detail = "Another request created the same thing at the same moment; reload and try again.",
            },
            DbUpdateException dangling when dangling.IsForeignKeyViolation() => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "This refers to something that no longer exists.",
            },
            DbUpdateConcurrencyException => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "The resource was changed by someone else; reload it and try again.",
            },
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => null,
            _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred." },
        };
        if (problem is null)
            return true;
        if (problem.Status >= 500)
            LogUnhandled(logger, exception);

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);
}
