// Light and dark for the studio's QCustomPlot charts. Qt 6.4 has no QStyleHints::colorScheme(): the
// platform theme supplies the application palette (a dark one when the desktop is dark, a new one when the
// user switches), so following the palette IS following the system. followPalette() styles a plot from its
// palette (background = Base, axes, ticks, labels and legend = Text, grid between the two) now and again on
// every PaletteChange, then calls the owning page's restyle so its series take seriesColor()s of the same
// scheme. darkPalette() is what `owq-studio --dark` and the theme test set on the application.
// Header only (no moc): the helper is a plain QObject event filter.
#pragma once

#include <qcustomplot.h>

#include <QEvent>
#include <QPalette>

#include <functional>
#include <utility>

namespace plot_theme {

// Dark when the palette's Base (what text fields and plots are painted on) is dark.
inline bool isDark(const QPalette& palette) {
    return palette.color(QPalette::Base).lightnessF() < 0.5;
}

// A fixed qualitative palette (Tableau 10 order) that reads on both schemes: the classic hues on light, the
// same hues lighter on dark.
enum Series { Blue, Orange, Green, Red, Purple, Brown, Pink, Gray, SeriesCount };

inline QColor seriesColor(int index, const QPalette& palette) {
    static const QRgb light[SeriesCount] = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728,
                                            0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f};
    static const QRgb dark[SeriesCount] = {0x5fa8e8, 0xffa64d, 0x5cd65c, 0xff6b6b,
                                           0xc39bea, 0xc49c94, 0xf7b6d2, 0xc7c7c7};
    const int i = ((index % SeriesCount) + SeriesCount) % SeriesCount;
    return QColor(isDark(palette) ? dark[i] : light[i]);
}

// Foreground (Text) mixed into the background (Base): 0 is the background, 1 the text.
inline QColor blend(const QPalette& palette, double towardText) {
    const QColor b = palette.color(QPalette::Base), t = palette.color(QPalette::Text);
    auto mix = [towardText](int x, int y) { return int(x + (y - x) * towardText + 0.5); };
    return QColor(mix(b.red(), t.red()), mix(b.green(), t.green()), mix(b.blue(), t.blue()));
}

// Background, axes, grid and legend of `plot` from its palette (plottables and items are the page's).
inline void applyTheme(QCustomPlot* plot) {
    const QPalette palette = plot->palette();
    const QColor background = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    plot->setBackground(background);
    for (QCPAxisRect* rect : plot->axisRects()) {
        rect->setBackground(Qt::NoBrush);
        for (QCPAxis* axis : rect->axes()) {
            axis->setBasePen(QPen(text, 0));
            axis->setTickPen(QPen(text, 0));
            axis->setSubTickPen(QPen(text, 0));
            axis->setTickLabelColor(text);
            axis->setLabelColor(text);
            axis->grid()->setPen(QPen(blend(palette, 0.25), 0, Qt::DotLine));
            axis->grid()->setSubGridPen(QPen(blend(palette, 0.12), 0, Qt::DotLine));
            axis->grid()->setZeroLinePen(Qt::NoPen);
        }
    }
    if (plot->legend) {
        plot->legend->setBrush(background);
        plot->legend->setBorderPen(QPen(blend(palette, 0.5), 0));
        plot->legend->setTextColor(text);
    }
}

class PaletteFollower : public QObject {
public:
    PaletteFollower(QCustomPlot* plot, std::function<void()> restyle)
        : QObject(plot), plot_(plot), restyle_(std::move(restyle)) {
        plot_->installEventFilter(this);
    }
    void apply() {
        applyTheme(plot_);
        if (restyle_) restyle_();
        plot_->replot(QCustomPlot::rpQueuedReplot);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        // The widget's palette is already the new one when PaletteChange arrives (an application palette
        // change reaches every widget that has not set its own palette as one).
        if (watched == plot_ && event->type() == QEvent::PaletteChange) apply();
        return false;
    }

private:
    QCustomPlot* plot_;
    std::function<void()> restyle_;
};

// Styles `plot` now and on every palette change; `restyle` (optional) recolours the page's series.
inline void followPalette(QCustomPlot* plot, std::function<void()> restyle = {}) {
    (new PaletteFollower(plot, std::move(restyle)))->apply();
}

// A dark Fusion-style palette, for --dark screenshots and tests on platforms without a dark theme.
inline QPalette darkPalette() {
    QPalette p;
    const QColor window(45, 45, 48), base(30, 30, 32), text(230, 230, 230), disabled(128, 128, 128);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Light, QColor(70, 70, 74));
    p.setColor(QPalette::Midlight, QColor(60, 60, 64));
    p.setColor(QPalette::Mid, QColor(40, 40, 42));
    p.setColor(QPalette::Dark, QColor(20, 20, 22));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Link, QColor(95, 168, 232));
    p.setColor(QPalette::Highlight, QColor(42, 130, 218));
    p.setColor(QPalette::HighlightedText, Qt::white);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

} // namespace plot_theme
