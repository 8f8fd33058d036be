package dev.vlmconsole.billing.caps;

import dev.vlmconsole.api.services.MailMessage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Currency;

/**
 * The email Owners and Billing members get when the workspace's usage charges cross an alert
 * threshold of its monthly spending limit: plain text and HTML, with a link to the Billing page.
 */
final class AlertMail {

    static final String KIND = "billing.spending-alert";

    private AlertMail() {}

    /**
     * @param threshold the highest threshold crossed now, in percent of {@code limit}
     * @param charges   the cycle's usage charges so far
     * @param blocked   whether calls are refused now (a hard limit reached)
     * @param cycleEnd  first day of the next cycle
     */
    static MailMessage of(
            String to,
            String workspace,
            int threshold,
            BigDecimal charges,
            BigDecimal limit,
            Currency currency,
            boolean hard,
            boolean blocked,
            LocalDate cycleEnd,
            String billingLink) {
        String name = oneLine(workspace);
        String spent = amount(charges, currency);
        String max = amount(limit, currency);
        String subject = name + ": " + threshold + "% of the monthly spending limit reached";
        String what = "Usage charges of the workspace " + name + " in this billing cycle are " + spent + ", "
                + threshold + "% of its monthly spending limit of " + max + ".";
        String consequence;
        if (blocked) {
            consequence = "The limit is hard and has been reached: API calls of the workspace are refused"
                    + " (INSUFFICIENT_CREDITS) until the cycle ends on " + cycleEnd
                    + ", the limit is raised, or credits are added.";
        } else if (hard) {
            consequence = "The limit is hard: once usage charges reach it, API calls of the workspace are refused"
                    + " (INSUFFICIENT_CREDITS) until the cycle ends on " + cycleEnd
                    + ", the limit is raised, or credits are added.";
        } else {
            consequence = "The limit is not hard: calls go on and usage beyond it is billed.";
        }
        String text = what + "\n\n" + consequence + "\n\nSee the Billing page: " + billingLink
                + "\n\nYou receive this as an Owner or Billing member of the workspace.\n";
        String html = "<!DOCTYPE html><html><body style=\"font-family: sans-serif; line-height: 1.5\">"
                + "<p>" + escape(what) + "</p>"
                + "<p>" + escape(consequence) + "</p>"
                + "<p><a href=\"" + escape(billingLink) + "\">Open the Billing page</a></p>"
                + "<p style=\"color: #666\">You receive this as an Owner or Billing member of the workspace.</p>"
                + "</body></html>";
        return new MailMessage(to, subject, text, html, KIND);
    }

    /** Shown to people: the currency's minor digits (a display, not a charge). */
    static String amount(BigDecimal value, Currency currency) {
        int digits = Math.max(currency.getDefaultFractionDigits(), 0);
        return value.setScale(digits, RoundingMode.HALF_EVEN).toPlainString() + " " + currency.getCurrencyCode();
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n\\t]+", " ");
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
