namespace CityTwin.Grains.Registry;

/// <summary>Operator writes that storage refused must not live on in a grain's memory.</summary>
internal static class StoredState
{
    /// <summary>
    /// Writes the state; if the write fails (storage down, a conflict), the activation is dropped before the error
    /// goes back, so the next call re-reads what storage really holds instead of the change nobody acknowledged.
    /// </summary>
    public static async Task WriteOrForgetAsync<T>(this IPersistentState<T> state, Action deactivate)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            deactivate();
            throw;
        }
    }
}
