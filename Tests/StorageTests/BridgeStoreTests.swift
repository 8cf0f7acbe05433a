import Foundation
import GRDB
import Storage
import Testing
import TradehubModel

@Suite("Bridge store: orders and the write-ahead log")
struct BridgeStoreTests {
    static let request = OrderRequest(orderID: "o-1", login: "1001", symbol: "EURUSD", side: .buy, volume: 0.1)

    @Test("an order is created once; the update returns the order as stored, nil for an unknown order")
    func orderLife() throws {
        let store = SQLiteBridgeStore(database: try .inMemory())
        let (created, isNew) = try store.createOrder(Self.request, tenant: .embeddedDefault, state: .sent, nowMs: 10)
        #expect(isNew && created.state == .sent && created.sentMs == 10)
        var again = Self.request
        again.volume = 5
        let (existing, isNewAgain) = try store.createOrder(again, tenant: .embeddedDefault, state: .sent, nowMs: 11)
        #expect(!isNewAgain && existing.request.volume == 0.1)

        let result = OrderResult(
            retcode: 10009, dealTicket: 7, positionTicket: 8, price: 1.1, volume: 0.1, timeMs: 12, comment: "done")
        let filled = try #require(
            try store.updateOrder(tenant: .embeddedDefault, orderID: "o-1", state: .filled, result: result, nowMs: 13))
        #expect(filled.state == .filled && filled.result == result && filled.finishedMs == 13 && filled.createdMs == 10)
        #expect(try store.order(tenant: .embeddedDefault, orderID: "o-1") == filled)
        #expect(try store.updateOrder(tenant: .embeddedDefault, orderID: "nope", state: .filled, result: nil, nowMs: 14) == nil)
        #expect(try store.updateOrder(tenant: TenantID(rawValue: 99), orderID: "o-1", state: .timedOut, result: nil, nowMs: 14) == nil)
    }

    @Test("commits never checkpoint; closing folds the whole log back into the database file")
    func checkpointsOffTheCommitPath() throws {
        let scratch = TemporaryDirectory()
        let directory = try DataDirectory(path: scratch.path)
        do {
            let database = try SQLiteDatabase(directory: directory)
            var autocheckpoint = -1
            try database.withRawRead { db in autocheckpoint = try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") ?? -1 }
            #expect(autocheckpoint == 0)
            let store = SQLiteBridgeStore(database: database)
            for index in 0..<200 {
                var request = Self.request
                request.orderID = "o-\(index)"
                _ = try store.createOrder(request, tenant: .embeddedDefault, state: .sent, nowMs: Int64(index))
            }
            try database.close()
        }
        let wal = directory.file(SQLiteDatabase.fileName) + "-wal"
        let walSize = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
        #expect(walSize == 0)
        let reopened = SQLiteBridgeStore(database: try SQLiteDatabase(directory: directory))
        #expect(try reopened.orders(tenant: .embeddedDefault, limit: 500).count == 200)
    }
}
