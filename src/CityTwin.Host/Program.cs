using CityTwin.Host;

return await CityTwinHost.RunAsync(args);
