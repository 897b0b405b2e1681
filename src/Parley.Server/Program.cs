using Parley.Attachments;
using Parley.Audit;
using Parley.Broadcasts;
using Parley.Channels;
using Parley.Contacts;
using Parley.Conversations;
using Parley.Demo;
using Parley.Identity;
using Parley.Live;
using Parley.Maintenance;
using Parley.Maintenance.Scheduling;
using Parley.Organizations;
using Parley.Platform;
using Parley.Platform.Cli;
using Parley.Platform.Email;
using Parley.Privacy;
using Parley.Teams;
using Parley.Templates;

var builder = WebApplication.CreateBuilder(ParleyCommands.HostArguments(args));
builder.AddPlatform();
builder.AddEmail();
builder.AddParleyIdentity();
builder.AddChannels();
builder.AddAttachments();
builder.AddConversations();
builder.AddLive();
builder.AddMaintenance();
builder.AddMaintenanceSchedule();
builder.AddAudit();
builder.AddDemo();

var app = builder.Build();
app.UsePlatform();
app.UseAuthentication();
app.UseSessionAntiforgery();
app.UseTenantScope();
app.UseAuthorization();

app.MapPlatform();
app.MapOrganizations();
app.MapIdentity();
app.MapTeams();
app.MapChannels();
app.MapContacts();
app.MapConversations();
app.MapBroadcasts();
app.MapTemplates();
app.MapAttachments();
app.MapMaintenance();
app.MapPrivacy();
app.MapAudit();
app.MapLive();

return await ParleyCommands.RunAsync(app, args);

public partial class Program;
