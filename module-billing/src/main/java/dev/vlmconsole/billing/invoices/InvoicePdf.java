package dev.vlmconsole.billing.invoices;

import dev.vlmconsole.api.services.ConsoleLinks;
import dev.vlmconsole.api.services.Money;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.openpdf.text.Document;
import org.openpdf.text.DocumentException;
import org.openpdf.text.Element;
import org.openpdf.text.Font;
import org.openpdf.text.PageSize;
import org.openpdf.text.Paragraph;
import org.openpdf.text.Phrase;
import org.openpdf.text.Rectangle;
import org.openpdf.text.pdf.ColumnText;
import org.openpdf.text.pdf.PdfContentByte;
import org.openpdf.text.pdf.PdfPCell;
import org.openpdf.text.pdf.PdfPTable;
import org.openpdf.text.pdf.PdfPageEventHelper;
import org.openpdf.text.pdf.PdfWriter;

/**
 * An invoice as an A4 PDF (OpenPDF): the seller, the invoice's number and dates, the billed-to block
 * as it was at issue, the lines with quantities and prices, subtotal, tax and total, and where the
 * payment stands. Built from the stored invoice only, so the same invoice gives the same document.
 * The standard Helvetica font covers Western European text (Windows-1252); characters outside it are
 * printed as {@code ?}.
 */
public class InvoicePdf {

    private static final Color INK = new Color(0x1f, 0x29, 0x37);
    private static final Color MUTED = new Color(0x6b, 0x72, 0x80);
    private static final Color RULE = new Color(0xd1, 0xd5, 0xdb);
    private static final Color SHADE = new Color(0xf3, 0xf4, 0xf6);
    private static final Color PAID = new Color(0x04, 0x78, 0x57);
    private static final Color DUE = new Color(0xb4, 0x53, 0x09);

    private static final Font BODY = new Font(Font.HELVETICA, 9.5f, Font.NORMAL, INK);
    private static final Font BODY_BOLD = new Font(Font.HELVETICA, 9.5f, Font.BOLD, INK);
    private static final Font SMALL = new Font(Font.HELVETICA, 8f, Font.NORMAL, MUTED);
    private static final Font LABEL = new Font(Font.HELVETICA, 8f, Font.BOLD, MUTED);
    private static final Font SELLER = new Font(Font.HELVETICA, 14f, Font.BOLD, INK);
    private static final Font TITLE = new Font(Font.HELVETICA, 22f, Font.BOLD, INK);
    private static final Font TOTAL = new Font(Font.HELVETICA, 12f, Font.BOLD, INK);

    private final SellerProperties seller;
    private final Supplier<@Nullable ConsoleLinks> links;
    private final ZoneId zone;

    /**
     * @param seller who issues the invoices
     * @param links  the console's links, to name the install when no seller name is set
     * @param zone   the billing time zone, for the day of issue
     */
    public InvoicePdf(SellerProperties seller, Supplier<@Nullable ConsoleLinks> links, ZoneId zone) {
        this.seller = seller;
        this.links = links;
        this.zone = zone;
    }

    /** The seller's name, else the install's host name. */
    String sellerName() {
        if (!seller.name().isBlank()) {
            return seller.name().strip();
        }
        ConsoleLinks l = links.get();
        if (l != null) {
            try {
                String host = URI.create(l.to()).getHost();
                if (host != null && !host.isBlank()) {
                    return host;
                }
            } catch (IllegalArgumentException ignored) {
                // fall through to the product's name
            }
        }
        return "Account console";
    }

    ZoneId zone() {
        return zone;
    }

    /** The invoice as a PDF document. */
    public byte[] render(Invoices.Invoice invoice) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        Document document = new Document(PageSize.A4, 48, 48, 48, 64);
        try {
            PdfWriter writer = PdfWriter.getInstance(document, out);
            writer.setPageEvent(new Footer(invoice.number() + "  ·  " + sellerName()));
            document.addTitle("Invoice " + invoice.number());
            document.addAuthor(text(sellerName()));
            document.addCreator("Account console");
            document.open();
            document.add(header(invoice));
            document.add(parties(invoice));
            document.add(lines(invoice));
            document.add(totals(invoice));
            document.add(closing(invoice));
        } catch (DocumentException e) {
            throw new IllegalStateException("Could not write invoice " + invoice.number() + " as PDF", e);
        } finally {
            if (document.isOpen()) {
                document.close();
            }
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- blocks

    private PdfPTable header(Invoices.Invoice invoice) throws DocumentException {
        PdfPTable table = table(new float[] {1.2f, 1f});
        PdfPCell from = cell();
        from.addElement(new Paragraph(text(sellerName()), SELLER));
        List<String> sellerLines = new ArrayList<>(seller.addressLines());
        if (!seller.taxId().isBlank()) {
            sellerLines.add("Tax ID: " + seller.taxId().strip());
        }
        if (!seller.email().isBlank()) {
            sellerLines.add(seller.email().strip());
        }
        for (String line : sellerLines) {
            from.addElement(new Paragraph(text(line), SMALL));
        }
        table.addCell(from);

        PdfPCell title = cell();
        Paragraph heading =
                new Paragraph(invoice.kind() == Invoices.Kind.CREDIT_NOTE ? "CREDIT NOTE" : "INVOICE", TITLE);
        heading.setAlignment(Element.ALIGN_RIGHT);
        title.addElement(heading);
        Paragraph number = new Paragraph(invoice.number(), BODY_BOLD);
        number.setAlignment(Element.ALIGN_RIGHT);
        number.setSpacingBefore(2);
        title.addElement(number);
        Paragraph status =
                new Paragraph(status(invoice), new Font(Font.HELVETICA, 10f, Font.BOLD, statusColor(invoice)));
        status.setAlignment(Element.ALIGN_RIGHT);
        status.setSpacingBefore(6);
        title.addElement(status);
        table.addCell(title);
        table.setSpacingAfter(28);
        return table;
    }

    private PdfPTable parties(Invoices.Invoice invoice) throws DocumentException {
        PdfPTable table = table(new float[] {1.2f, 1f});
        PdfPCell to = cell();
        to.addElement(new Paragraph("BILLED TO", LABEL));
        boolean first = true;
        for (String line : invoice.billedTo()) {
            Paragraph p = new Paragraph(text(line), first ? BODY_BOLD : BODY);
            p.setSpacingBefore(first ? 3 : 0);
            to.addElement(p);
            first = false;
        }
        table.addCell(to);

        PdfPTable facts = table(new float[] {1f, 1.3f});
        fact(facts, "Invoice number", invoice.number());
        fact(facts, "Issued", InvoiceFormat.day(invoice.issuedAt().atZone(zone).toLocalDate()));
        fact(facts, "Period", InvoiceFormat.period(invoice.periodStart(), invoice.periodEnd()));
        if (invoice.dueDate() != null) {
            fact(facts, "Due", InvoiceFormat.day(invoice.dueDate()));
        }
        if (invoice.paidAt() != null) {
            fact(facts, "Paid", InvoiceFormat.day(invoice.paidAt().atZone(zone).toLocalDate()));
        }
        fact(facts, "Currency", invoice.total().currency().getCurrencyCode());
        PdfPCell right = cell();
        right.addElement(facts);
        table.addCell(right);
        table.setSpacingAfter(24);
        return table;
    }

    private PdfPTable lines(Invoices.Invoice invoice) throws DocumentException {
        PdfPTable table = table(new float[] {4.2f, 1.3f, 1.5f, 1.5f});
        table.setHeaderRows(1);
        String[] heads = {"Description", "Quantity", "Unit price", "Amount"};
        for (int i = 0; i < heads.length; i++) {
            PdfPCell head = new PdfPCell(new Phrase(heads[i].toUpperCase(), LABEL));
            head.setBorder(Rectangle.BOTTOM);
            head.setBorderColor(RULE);
            head.setBackgroundColor(SHADE);
            head.setPadding(6);
            head.setHorizontalAlignment(i == 0 ? Element.ALIGN_LEFT : Element.ALIGN_RIGHT);
            table.addCell(head);
        }
        if (invoice.lines().isEmpty()) {
            PdfPCell none = lineCell("No charges in this period.", Element.ALIGN_LEFT, SMALL);
            none.setColspan(4);
            table.addCell(none);
        }
        for (Invoices.Line line : invoice.lines()) {
            table.addCell(lineCell(text(line.description()), Element.ALIGN_LEFT, BODY));
            table.addCell(lineCell(InvoiceFormat.quantity(line.quantity()), Element.ALIGN_RIGHT, BODY));
            table.addCell(lineCell(InvoiceFormat.money(line.unitPrice()), Element.ALIGN_RIGHT, BODY));
            table.addCell(lineCell(InvoiceFormat.money(line.amount()), Element.ALIGN_RIGHT, BODY));
        }
        table.setSpacingAfter(10);
        return table;
    }

    private PdfPTable totals(Invoices.Invoice invoice) throws DocumentException {
        PdfPTable outer = table(new float[] {1.2f, 1f});
        outer.addCell(cell());
        PdfPTable sums = table(new float[] {1.3f, 1f});
        sum(sums, "Subtotal", invoice.subtotal(), BODY, false);
        sum(sums, "Tax (" + invoice.taxRate().stripTrailingZeros().toPlainString() + " %)", invoice.tax(), BODY, false);
        sum(sums, "Total", invoice.total(), TOTAL, true);
        PdfPCell right = cell();
        right.addElement(sums);
        outer.addCell(right);
        outer.setKeepTogether(true); // the totals never start a page alone
        outer.setSpacingAfter(28);
        return outer;
    }

    private Paragraph closing(Invoices.Invoice invoice) {
        Paragraph p = new Paragraph();
        p.setLeading(13);
        String text = switch (invoice.status()) {
            case PAID ->
                "Paid"
                        + (invoice.paidAt() == null
                                ? "."
                                : " on "
                                        + InvoiceFormat.day(
                                                invoice.paidAt().atZone(zone).toLocalDate()) + ".")
                        + " Thank you.";
            case NOTHING_DUE ->
                "Nothing is due on this "
                        + (invoice.total().amount().signum() < 0
                                ? "credit note: the amount is credited to your account."
                                : "invoice.");
            case OPEN ->
                invoice.dueDate() != null
                        ? "Please pay " + InvoiceFormat.money(invoice.total()) + " by "
                                + InvoiceFormat.day(invoice.dueDate()) + ", quoting " + invoice.number() + "."
                        : "Payment of " + InvoiceFormat.money(invoice.total()) + " is in progress.";
        };
        p.add(new Phrase(text(text), BODY));
        if (invoice.status() == Invoices.Status.OPEN && !seller.email().isBlank()) {
            p.add(new Phrase(
                    "\nQuestions about this invoice: " + text(seller.email().strip()), SMALL));
        }
        return p;
    }

    // ---------------------------------------------------------------- pieces

    private static String status(Invoices.Invoice invoice) {
        return switch (invoice.status()) {
            case PAID -> "Paid";
            case NOTHING_DUE -> "Nothing due";
            case OPEN -> invoice.dueDate() != null ? "Due " + InvoiceFormat.day(invoice.dueDate()) : "Payment pending";
        };
    }

    private static Color statusColor(Invoices.Invoice invoice) {
        return switch (invoice.status()) {
            case PAID, NOTHING_DUE -> PAID;
            case OPEN -> DUE;
        };
    }

    private static PdfPTable table(float[] widths) throws DocumentException {
        PdfPTable table = new PdfPTable(widths.length);
        table.setWidthPercentage(100);
        table.setWidths(widths);
        table.getDefaultCell().setBorder(Rectangle.NO_BORDER);
        return table;
    }

    private static PdfPCell cell() {
        PdfPCell cell = new PdfPCell();
        cell.setBorder(Rectangle.NO_BORDER);
        cell.setPadding(0);
        return cell;
    }

    private static void fact(PdfPTable facts, String label, String value) {
        PdfPCell l = new PdfPCell(new Phrase(label, SMALL));
        l.setBorder(Rectangle.NO_BORDER);
        l.setPaddingBottom(3);
        PdfPCell v = new PdfPCell(new Phrase(text(value), BODY));
        v.setBorder(Rectangle.NO_BORDER);
        v.setHorizontalAlignment(Element.ALIGN_RIGHT);
        v.setPaddingBottom(3);
        facts.addCell(l);
        facts.addCell(v);
    }

    private static PdfPCell lineCell(String text, int align, Font font) {
        PdfPCell cell = new PdfPCell(new Phrase(text, font));
        cell.setBorder(Rectangle.BOTTOM);
        cell.setBorderColor(RULE);
        cell.setPadding(6);
        cell.setHorizontalAlignment(align);
        return cell;
    }

    private static void sum(PdfPTable sums, String label, Money amount, Font font, boolean ruled) {
        PdfPCell l = new PdfPCell(new Phrase(label, font));
        PdfPCell v = new PdfPCell(new Phrase(InvoiceFormat.money(amount), font));
        v.setHorizontalAlignment(Element.ALIGN_RIGHT);
        for (PdfPCell c : List.of(l, v)) {
            c.setBorder(ruled ? Rectangle.TOP : Rectangle.NO_BORDER);
            c.setBorderColor(INK);
            c.setBorderWidth(ruled ? 1f : 0f);
            c.setPaddingTop(ruled ? 7 : 3);
            c.setPaddingBottom(3);
            c.setPaddingLeft(6);
            c.setPaddingRight(6);
            sums.addCell(c);
        }
    }

    /** {@code s} with every character the standard fonts cannot show replaced by {@code ?}. */
    static String text(String s) {
        CharsetEncoder cp1252 = Charset.forName("windows-1252").newEncoder();
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            String ch = Character.toString(c);
            out.append(cp1252.canEncode(ch) ? ch : "?");
        });
        return out.toString();
    }

    /** The invoice number and page on every page's foot. */
    private static final class Footer extends PdfPageEventHelper {

        private final String left;

        Footer(String left) {
            this.left = left;
        }

        @Override
        public void onEndPage(PdfWriter writer, Document document) {
            PdfContentByte canvas = writer.getDirectContent();
            float y = document.bottom() - 28;
            ColumnText.showTextAligned(
                    canvas, Element.ALIGN_LEFT, new Phrase(text(left), SMALL), document.left(), y, 0);
            ColumnText.showTextAligned(
                    canvas,
                    Element.ALIGN_RIGHT,
                    new Phrase("Page " + writer.getPageNumber(), SMALL),
                    document.right(),
                    y,
                    0);
        }
    }
}
