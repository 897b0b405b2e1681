using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Identity;
using Parley.Platform.Persistence;
using Parley.Platform.Problems;

namespace Parley.Organizations;

public static class OrganizationEndpoints
{
    public static IEndpointRouteBuilder MapOrganizations(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Organizations");

        api.MapGet("/setup", (GetSetup handler, CancellationToken ct) => handler.Handle(ct))
            .AllowAnonymous()
            .WithName("GetSetup")
            .WithSummary("Whether this server still needs its first setup (no user exists yet).");
        api.MapPost("/setup", (FoundOrganization.Request request, FoundOrganization handler, CancellationToken ct) =>
                handler.Handle(request, FoundOrganization.Mode.FirstSetup, ct))
            .AllowAnonymous()
            .WithName("SetUp")
            .WithSummary("Create the first organisation and its admin on a fresh server.");

        // Hosting several organisations on one server is opt-in: without it the route does not exist.
        api.MapPost("/organizations", async Task<Results<Created<FoundOrganization.Response>, ValidationProblem, ProblemHttpResult>> (
                FoundOrganization.Request request, FoundOrganization handler, IConfiguration configuration, CancellationToken ct) =>
                configuration.GetValue<bool>("Parley:AllowSignup")
                    ? await handler.Handle(request, FoundOrganization.Mode.SignUp, ct)
                    : Problem.NotFound("The page"))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AllowAnonymous()
            .WithName("SignUp")
            .WithSummary("Create a further organisation with its first admin, when the server allows sign-up.");

        api.MapGet("/organization", async (ParleyDbContext db, CurrentUser me, CancellationToken ct) =>
                await db.Organizations.AsNoTracking().Where(o => o.Id == me.OrganizationId)
                    .Select(o => new FoundOrganization.OrganizationResponse(o.Id, o.Name, o.TimeZone, o.CreatedAt))
                    .SingleAsync(ct))
            .WithName("GetOrganization")
            .WithSummary("The caller's organisation.");
        api.MapGet("/directory", (GetDirectory handler, CancellationToken ct) => handler.Handle(ct))
            .WithName("GetDirectory")
            .WithSummary("The organisation's users, teams (with their members) and channels by name, for showing names: no emails, settings or secrets.");

        return app;
    }
}
