package dev.eos.state;

class InMemoryWindowStoreTest extends WindowStoreContractTest {

    @Override
    StoreEngine newEngine() {
        return StoreEngine.inMemory();
    }
}
