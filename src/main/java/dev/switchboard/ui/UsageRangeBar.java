package dev.switchboard.ui;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JTextField;
import javax.swing.UIManager;

/**
 * The usage tab's header: which range the numbers cover (today, the last 7 or 30 days, or days the person types,
 * refused inline when they are malformed or reversed) and, on the right, when they were read or why they could not
 * be. Choosing a range sets it on the {@link UsagePresenter} and reads again.
 */
final class UsageRangeBar {
    private final Messages text;
    private final UsagePresenter presenter;
    private final Supplier<CompletableFuture<Void>> load;
    private final JPanel header = new JPanel(new BorderLayout());
    private final JComboBox<String> range = new JComboBox<>();
    private final JTextField customFrom = new JTextField(9);
    private final JTextField customTo = new JTextField(9);
    private final JLabel customError = new JLabel();
    private final JLabel status = new JLabel(" ");

    /** @param load reads the chosen range and shows it; its future completes once it is shown */
    UsageRangeBar(Messages text, UsagePresenter presenter, Clock clock, Supplier<CompletableFuture<Void>> load) {
        this.text = text;
        this.presenter = presenter;
        this.load = load;
        build(LocalDate.now(clock.withZone(ZoneId.systemDefault())));
    }

    private void build(LocalDate today) {
        for (var s : UsagePresenter.Span.values()) {
            range.addItem(presenter.spanLabel(s));
        }
        var custom = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 0));
        customFrom.putClientProperty("JTextField.placeholderText", "yyyy-MM-dd");
        customTo.putClientProperty("JTextField.placeholderText", "yyyy-MM-dd");
        customFrom.setText(today.minusDays(6).toString());
        customTo.setText(today.toString());
        var apply = new JButton(text.get("usage.range.custom.apply"));
        apply.addActionListener(e -> applyCustom());
        customError.setForeground(Theme.bad());
        custom.add(customFrom);
        custom.add(new JLabel("–"));
        custom.add(customTo);
        custom.add(apply);
        custom.add(customError);
        custom.setVisible(false);
        range.addActionListener(e -> {
            var chosen = UsagePresenter.Span.values()[range.getSelectedIndex()];
            custom.setVisible(chosen == UsagePresenter.Span.CUSTOM);
            if (chosen == UsagePresenter.Span.CUSTOM) {
                applyCustom(); // the days shown in the fields, until the person changes them
                return;
            }
            presenter.span(chosen);
            load.get();
        });
        var left = new JPanel(new FlowLayout(FlowLayout.LEFT, 8, 0));
        left.add(new JLabel(text.get("usage.range.label")));
        left.add(range);
        left.add(custom);
        header.add(left, BorderLayout.WEST);
        header.add(status, BorderLayout.EAST);
    }

    JComponent component() {
        return header;
    }

    /** Takes the typed days, or says inline what is wrong with them and keeps the range shown. */
    CompletableFuture<Void> applyCustom() {
        var problem = presenter.custom(customFrom.getText(), customTo.getText());
        customError.setText(problem == null ? "" : problem);
        return problem == null ? load.get() : CompletableFuture.completedFuture(null);
    }

    /** The numbers on screen were read: {@code line} says when. */
    void updated(String line) {
        status.setText(line);
        status.setForeground(UIManager.getColor("Label.disabledForeground"));
    }

    /** They could not be read: {@code line} says why, and the numbers shown stay. */
    void failed(String line) {
        status.setText(line);
        status.setForeground(Theme.bad());
    }

    // ---- for tests and the screenshot tour

    JComboBox<String> rangeBox() {
        return range;
    }

    JTextField customFromField() {
        return customFrom;
    }

    JTextField customToField() {
        return customTo;
    }

    JLabel customError() {
        return customError;
    }
}
