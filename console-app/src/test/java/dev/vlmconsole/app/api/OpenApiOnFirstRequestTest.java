package dev.vlmconsole.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.GenericBeanDefinition;
import org.springframework.beans.factory.support.RootBeanDefinition;

class OpenApiOnFirstRequestTest {

    @Test
    void springdoc_configurations_and_their_bean_methods_become_lazy_and_nothing_else_does() {
        DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
        beanFactory.registerBeanDefinition(
                "springdocConfig", byClassName("org.springdoc.core.configuration.SpringDocConfiguration"));
        RootBeanDefinition openApiResource = new RootBeanDefinition();
        openApiResource.setFactoryBeanName("springdocConfig");
        openApiResource.setFactoryMethodName("openApiResource");
        beanFactory.registerBeanDefinition("openApiResource", openApiResource);
        beanFactory.registerBeanDefinition("consoleBean", byClassName("dev.vlmconsole.app.api.PingController"));
        beanFactory.registerBeanDefinition("lookalike", byClassName("org.springdocs.Other"));
        RootBeanDefinition consoleMethodBean = new RootBeanDefinition();
        consoleMethodBean.setFactoryBeanName("consoleBean");
        consoleMethodBean.setFactoryMethodName("something");
        beanFactory.registerBeanDefinition("consoleMethodBean", consoleMethodBean);

        OpenApiOnFirstRequest.markSpringdocBeansLazy(beanFactory);

        assertThat(beanFactory.getBeanDefinition("springdocConfig").isLazyInit())
                .isTrue();
        assertThat(beanFactory.getBeanDefinition("openApiResource").isLazyInit())
                .isTrue();
        assertThat(beanFactory.getBeanDefinition("consoleBean").isLazyInit()).isFalse();
        assertThat(beanFactory.getBeanDefinition("lookalike").isLazyInit()).isFalse();
        assertThat(beanFactory.getBeanDefinition("consoleMethodBean").isLazyInit())
                .isFalse();
    }

    private static GenericBeanDefinition byClassName(String className) {
        GenericBeanDefinition definition = new GenericBeanDefinition();
        definition.setBeanClassName(className);
        return definition;
    }
}
