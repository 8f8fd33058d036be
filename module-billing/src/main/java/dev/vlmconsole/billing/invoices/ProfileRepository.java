package dev.vlmconsole.billing.invoices;

import static dev.vlmconsole.billing.db.Tables.BILLING_PROFILE;
import static dev.vlmconsole.billing.db.Tables.BILLING_SALES_REQUEST;

import dev.vlmconsole.billing.db.tables.records.BillingSalesRequestRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/** Billing profiles ({@code billing_profile}) and "Contact sales" requests ({@code billing_sales_request}). */
public class ProfileRepository {

    /** A stored profile. */
    record StoredProfile(String companyName, String address, String taxId, String invoiceEmail) {}

    private final DSLContext db;

    public ProfileRepository(DSLContext db) {
        this.db = db;
    }

    Optional<StoredProfile> profile(UUID workspaceId) {
        return db.select(
                        BILLING_PROFILE.COMPANY_NAME,
                        BILLING_PROFILE.ADDRESS,
                        BILLING_PROFILE.TAX_ID,
                        BILLING_PROFILE.INVOICE_EMAIL)
                .from(BILLING_PROFILE)
                .where(BILLING_PROFILE.WORKSPACE_ID.eq(workspaceId))
                .fetchOptional(r -> new StoredProfile(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** Inserts or replaces the profile (one statement, so two saves at once do not collide). */
    void save(UUID workspaceId, StoredProfile p, Instant now, String by) {
        db.insertInto(BILLING_PROFILE)
                .set(BILLING_PROFILE.WORKSPACE_ID, workspaceId)
                .set(BILLING_PROFILE.COMPANY_NAME, p.companyName())
                .set(BILLING_PROFILE.ADDRESS, p.address())
                .set(BILLING_PROFILE.TAX_ID, p.taxId())
                .set(BILLING_PROFILE.INVOICE_EMAIL, p.invoiceEmail())
                .set(BILLING_PROFILE.UPDATED_AT, InvoiceRepository.at(now))
                .set(BILLING_PROFILE.UPDATED_BY, by)
                .onDuplicateKeyUpdate()
                .set(BILLING_PROFILE.COMPANY_NAME, p.companyName())
                .set(BILLING_PROFILE.ADDRESS, p.address())
                .set(BILLING_PROFILE.TAX_ID, p.taxId())
                .set(BILLING_PROFILE.INVOICE_EMAIL, p.invoiceEmail())
                .set(BILLING_PROFILE.UPDATED_AT, InvoiceRepository.at(now))
                .set(BILLING_PROFILE.UPDATED_BY, by)
                .execute();
    }

    void insertSalesRequest(BillingSalesRequestRecord request) {
        db.executeInsert(request);
    }

    List<BillingSalesRequestRecord> salesRequests(int limit) {
        return db.selectFrom(BILLING_SALES_REQUEST)
                .orderBy(BILLING_SALES_REQUEST.CREATED_AT.desc(), BILLING_SALES_REQUEST.ID)
                .limit(limit)
                .fetch();
    }

    Optional<BillingSalesRequestRecord> salesRequestForUpdate(UUID id) {
        return db.selectFrom(BILLING_SALES_REQUEST)
                .where(BILLING_SALES_REQUEST.ID.eq(id))
                .forUpdate()
                .fetchOptional();
    }

    void markHandled(UUID id, Instant at, String by) {
        db.update(BILLING_SALES_REQUEST)
                .set(BILLING_SALES_REQUEST.STATUS, BillingOperations.RequestStatus.HANDLED.name())
                .set(BILLING_SALES_REQUEST.HANDLED_AT, InvoiceRepository.at(at))
                .set(BILLING_SALES_REQUEST.HANDLED_BY, by)
                .where(BILLING_SALES_REQUEST.ID.eq(id))
                .execute();
    }

    /** How many requests the workspace sent since {@code since} (a flood guard). */
    int salesRequestsSince(UUID workspaceId, Instant since) {
        return db.fetchCount(
                BILLING_SALES_REQUEST,
                BILLING_SALES_REQUEST
                        .WORKSPACE_ID
                        .eq(workspaceId)
                        .and(BILLING_SALES_REQUEST.CREATED_AT.ge(InvoiceRepository.at(since))));
    }
}
