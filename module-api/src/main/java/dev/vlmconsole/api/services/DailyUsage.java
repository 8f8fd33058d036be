package dev.vlmconsole.api.services;

import java.time.LocalDate;

/**
 * Usage on one day (UTC).
 *
 * @param day    the day
 * @param totals what was used that day
 */
public record DailyUsage(LocalDate day, UsageTotals totals) {}
